import { suggestPolicy } from '../downsize/suggest.js';
import { verifySuggestion } from '../downsize/verify.js';
import type { PolicyDocument, PolicyEngine } from '../iam/index.js';
import { findingId } from '../risks/finding-id.js';
import type { RuleSettings } from '../risks/settings.js';
import { trustGrants } from '../risks/trust.js';
import type { Finding } from '../risks/types.js';
import { AccountIndex, type AccountSnapshot, type Principal } from '../snapshot/index.js';
import { buildUsageModel } from '../usage/build-usage.js';
import { highRiskActions } from '../usage/high-risk.js';
import { plural } from '../text/plural.js';
import { hasFixKind } from './fix-kinds.js';
import type { FixInputs, NeedsInput, NoFix, PrincipalRef, StateQuery } from './types.js';

export const QUARANTINE_POLICY_NAME = 'rightsize-quarantine';
export const QUARANTINE_TAG_KEY = 'rightsize:quarantined';

/** The finding's headline a plan carries. */
export type FindingHead = Pick<Finding, 'id' | 'ruleId' | 'accountId' | 'resourceArn' | 'resourceName'> & {
  consoleUrl: string;
};

/** A finding, the fix for it, and what the fix needs to know before the resource is read from AWS. */
export type FixTarget = { finding: FindingHead; query: StateQuery } & (
  | {
      kind: 'policy-version';
      principal: PrincipalRef;
      policyArn: string;
      scanned: PolicyDocument;
      suggested: PolicyDocument;
    }
  | {
      kind: 'inline-policy';
      principal: PrincipalRef;
      policyName: string;
      scanned: PolicyDocument;
      suggested: PolicyDocument;
    }
  | {
      kind: 'replace-aws-managed';
      principal: PrincipalRef;
      awsPolicyArn: string;
      newPolicy: { name: string; arn: string };
      suggested: PolicyDocument;
    }
  | { kind: 'deactivate-access-key'; userName: string; keyNumber: 1 | 2; keyCreated?: string }
  | { kind: 'quarantine-role'; roleName: string }
  | { kind: 'trust-condition'; roleName: string; scanned: PolicyDocument; changes: TrustChange[] }
);

/** One trust statement and the condition it gets. */
export type TrustChange =
  | { statementIndex: number; condition: 'externalId'; value: string }
  | { statementIndex: number; condition: 'oidcSubject'; provider: string; value: string };

export interface TargetContext {
  snapshot: AccountSnapshot;
  engine: PolicyEngine;
  settings: RuleSettings;
  inputs?: FixInputs;
}

/** What would fix the finding, or why nothing automatic is safe. Pure. */
export function fixTarget(finding: Finding, ctx: TargetContext): FixTarget | NoFix | NeedsInput {
  const head: FindingHead = {
    id: finding.id,
    ruleId: finding.ruleId,
    accountId: finding.accountId,
    resourceArn: finding.resourceArn,
    resourceName: finding.resourceName,
    consoleUrl: finding.remediation.consoleUrl,
  };
  const noFix = (reason: string): NoFix => ({ kind: 'no-fix', reason, consoleUrl: head.consoleUrl });
  if (!hasFixKind(finding))
    return noFix(
      `${finding.ruleId} on a ${finding.resourceType} has no reversible automatic fix; change it in the console`,
    );
  if (finding.accountId !== ctx.snapshot.accountId)
    return noFix(`the finding is in account ${finding.accountId}, the snapshot is of ${ctx.snapshot.accountId}`);
  const index = new AccountIndex(ctx.snapshot);
  switch (finding.ruleId) {
    case 'unused-access-key':
      return accessKeyTarget(head, ctx, noFix);
    case 'unused-role': {
      const role = index.get(finding.resourceArn);
      if (!role) return noFix(`role ${finding.resourceName} is not in the snapshot`);
      return {
        kind: 'quarantine-role',
        finding: head,
        roleName: role.name,
        query: {
          type: 'role-quarantine',
          roleName: role.name,
          policyName: QUARANTINE_POLICY_NAME,
          tagKey: QUARANTINE_TAG_KEY,
        },
      };
    }
    case 'open-trust':
      return trustTarget(head, finding, ctx, noFix);
    default: {
      const principal = index.get(finding.resourceArn);
      if (!principal) return noFix(`${finding.resourceType} ${finding.resourceName} is not in the snapshot`);
      return downsizeTarget(head, principal, index, ctx, noFix);
    }
  }
}

function downsizeTarget(
  head: FindingHead,
  principal: Principal,
  index: AccountIndex,
  ctx: TargetContext,
  noFix: (reason: string) => NoFix,
): FixTarget | NoFix {
  const model = buildUsageModel(ctx.snapshot, index, ctx.engine.catalog, {
    windowDays: ctx.settings.trackingPeriodDays,
  });
  const suggestion = suggestPolicy(ctx.engine, principal, model, highRiskActions(ctx.engine.catalog));
  if (suggestion.verdict !== 'downsize')
    return noFix(
      suggestion.verdict === 'remove'
        ? `nothing was used in the window; ${principal.kind === 'role' ? 'the unused-role finding quarantines it' : 'remove it by hand once nobody misses it'}`
        : `no downsized policy to apply: ${suggestion.explanation}`,
    );
  const verification = verifySuggestion(ctx.engine, principal, suggestion, model);
  if (!verification.ok)
    return noFix(
      `the suggested policy would deny ${plural(verification.failures.length, 'used action')} (e.g. ${verification.failures[0]!.action}); it is not applied automatically`,
    );
  if (suggestion.current.length !== 1 || suggestion.policies.length !== 1)
    return noFix(
      `${principal.kind} ${principal.name} has ${suggestion.current.length} policies of its own and the suggestion ${suggestion.policies.length}; a fix replaces one policy with one, so apply \`rightsize suggest\` by hand`,
    );
  const [current] = suggestion.current as [(typeof suggestion.current)[number]];
  const suggested = suggestion.policies[0]!.document;
  const ref: PrincipalRef = { kind: principal.kind, name: principal.name };
  if (current.kind === 'inline')
    return {
      kind: 'inline-policy',
      finding: head,
      principal: ref,
      policyName: current.name,
      scanned: current.document,
      suggested,
      query: { type: 'inline-policy', principal: ref, policyName: current.name },
    };
  const policy = current.arn ? index.policiesByArn.get(current.arn) : undefined;
  if (!policy) return noFix(`managed policy ${current.name} is not in the snapshot`);
  if (!policy.awsManaged)
    return {
      kind: 'policy-version',
      finding: head,
      principal: ref,
      policyArn: policy.arn,
      scanned: policy.document,
      suggested,
      query: { type: 'managed-policy', arn: policy.arn },
    };
  const name = `rightsize-${principal.kind}-${principal.name}`.slice(0, 128);
  const arn = `arn:aws:iam::${ctx.snapshot.accountId}:policy/${name}`;
  return {
    kind: 'replace-aws-managed',
    finding: head,
    principal: ref,
    awsPolicyArn: policy.arn,
    newPolicy: { name, arn },
    suggested,
    query: { type: 'attached-policies', principal: ref, createdPolicyArn: arn },
  };
}

function accessKeyTarget(head: FindingHead, ctx: TargetContext, noFix: (reason: string) => NoFix): FixTarget | NoFix {
  const row = ctx.snapshot.credentialReport?.find((r) => r.arn === head.resourceArn);
  if (!row) return noFix(`the credential report has no row for ${head.resourceName}`);
  if (row.isRoot) return noFix('root access keys can only be changed by signing in as root');
  // The finding id says which key it is about: the rule discriminates keys as key-1 / key-2.
  const keyNumber = ([1, 2] as const).find(
    (n) => findingId(head.ruleId, head.accountId, head.resourceArn, `key-${n}`) === head.id,
  );
  if (!keyNumber) return noFix('cannot tell which of the user’s access keys the finding is about');
  const created = row.accessKeys[keyNumber - 1]?.lastRotated;
  return {
    kind: 'deactivate-access-key',
    finding: head,
    userName: row.user,
    keyNumber,
    ...(created && { keyCreated: created }),
    query: { type: 'access-keys', userName: row.user },
  };
}

function trustTarget(
  head: FindingHead,
  finding: Finding,
  ctx: TargetContext,
  noFix: (reason: string) => NoFix,
): FixTarget | NoFix | NeedsInput {
  const role = ctx.snapshot.authorizationDetails.roles.find((r) => r.arn === finding.resourceArn);
  if (!role) return noFix(`role ${finding.resourceName} is not in the snapshot`);
  const indexes = [
    ...new Set(finding.evidence.flatMap((e) => (e.statementIndex === undefined ? [] : [e.statementIndex]))),
  ];
  const grants = trustGrants(role);
  const changes: TrustChange[] = [];
  for (const statementIndex of indexes) {
    const kinds = grants.filter((g) => g.index === statementIndex);
    if (kinds.some((g) => g.kind === 'everyone'))
      return noFix(
        'the trust policy trusts "*": only a person can say whom to trust instead; name the principal in the console',
      );
    const oidc = kinds.find((g) => g.kind === 'federated' && g.value.includes(':oidc-provider/'));
    if (oidc) {
      const value = ctx.inputs?.oidcSubject?.trim();
      if (!value)
        return needs(
          head,
          'oidcSubject',
          `Which tokens may assume ${role.name}? The OIDC \`sub\` to require`,
          'repo:my-org/my-repo:ref:refs/heads/main',
        );
      if (/^[*?]*$|^[^:]*:\*$/.test(value))
        return noFix(`the subject "${value}" still matches any subject; give a specific one`);
      const provider = oidc.value.slice(oidc.value.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
      changes.push({ statementIndex, condition: 'oidcSubject', provider, value });
    } else if (kinds.some((g) => g.kind === 'account')) {
      const value = ctx.inputs?.externalId?.trim();
      if (!value)
        return needs(
          head,
          'externalId',
          `The sts:ExternalId the partner must send to assume ${role.name} (a value agreed with them)`,
          '7f3c9a1e-partner',
        );
      if (!/^[\w+=,.@:/-]{2,1224}$/.test(value))
        return noFix('an ExternalId is 2–1224 characters of letters, digits and +=,.@:/-');
      changes.push({ statementIndex, condition: 'externalId', value });
    }
  }
  if (changes.length === 0) return noFix('no trust statement the finding names can be fixed by adding a condition');
  return {
    kind: 'trust-condition',
    finding: head,
    roleName: role.name,
    scanned: role.trustPolicy,
    changes,
    query: { type: 'trust-policy', roleName: role.name },
  };
}

function needs(head: FindingHead, input: NeedsInput['input'], prompt: string, example: string): NeedsInput {
  return { kind: 'needs-input', input, prompt, example, consoleUrl: head.consoleUrl };
}
