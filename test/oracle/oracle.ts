/**
 * Runs one generated case through both evaluators: @cloud-copilot/iam-simulate (the oracle) and our
 * PolicyEngine. iam-simulate is AGPL-licensed: it is imported here, under test/, and never from src/.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Outcome, PolicyEngine, RequestDecision } from '../../src/iam/engine.js';
import { normalisePolicyDocument } from '../../src/iam/policy.js';
import { OrganizationPolicyResolver } from '../../src/iam/organization-policies.js';
import type { OrganizationPolicyLevel, PolicyAttachment, PrincipalPolicies } from '../../src/iam/principal-policies.js';
import { ACCOUNT, type OracleCase, type OrganizationCase, type PolicyJson } from './generate-cases.js';

export interface OracleAnswer {
  outcome: Outcome;
  /** What the identity policies alone said, and the boundary alone (when there is one). */
  identity: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
  boundary?: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
  /** Some identity Allow statement applied, whether or not a Deny overrode it. */
  identityAllows: boolean;
  /** The resource type iam-simulate recognised in the request's ARN (absent for "*"). */
  resourceType?: string;
  /** Context keys iam-simulate dropped as not applicable to the request (should be none). */
  ignoredContextKeys: string[];
}

export type OracleResult = { ok: true; answer: OracleAnswer } | { ok: false; error: string };

const OUTCOMES = { Allowed: 'allow', ImplicitlyDenied: 'implicit-deny', ExplicitlyDenied: 'explicit-deny' } as const;

/**
 * KMS is the one service here whose resource policy must delegate to IAM before identity policies
 * count: "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to
 * a KMS key" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam).
 * Our engine decides on identity policies alone, which is what AWS does under the default key
 * policy, so iam-simulate is given exactly that default key policy for requests on a key.
 */
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

export async function askIamSimulate(c: OracleCase | OrganizationCase): Promise<OracleResult> {
  const levels = (kind: string, list: PolicyJson[][]) =>
    list.map((policies, i) => ({
      orgIdentifier: i === 0 ? 'r-root' : `ou-level-${i}`,
      policies: policies.map((policy, j) => ({ name: `${c.id}-${kind}-${i}-${j}`, policy })),
    }));
  const simulation: Simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: ACCOUNT },
      // With an organisation, the principal's own keys too: the SCP conditions our engine settles per principal.
      contextVariables:
        'scps' in c
          ? {
              ...c.context,
              'aws:PrincipalArn': c.principal,
              'aws:PrincipalAccount': ACCOUNT,
              'aws:PrincipalType': 'User',
            }
          : c.context,
    },
    identityPolicies: c.identity.map(({ name, document }) => ({ name, policy: document })),
    serviceControlPolicies: 'scps' in c ? levels('scp', c.scps) : [],
    resourceControlPolicies: 'rcps' in c ? levels('rcp', c.rcps) : [],
    ...(c.boundary && { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] }),
    ...(c.action.startsWith('kms:') && c.resource !== '*' && { resourcePolicy: DEFAULT_KEY_POLICY }),
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') return { ok: false, error: JSON.stringify(response.errors) };
  if (response.resultType !== 'single')
    return { ok: false, error: `unexpected ${response.resultType} result for a concrete resource` };
  const analysis = response.result.analysis;
  return {
    ok: true,
    answer: {
      outcome: OUTCOMES[response.overallResult],
      identity: analysis.identityAnalysis?.result ?? 'ImplicitlyDenied',
      ...(analysis.permissionBoundaryAnalysis && { boundary: analysis.permissionBoundaryAnalysis.result }),
      identityAllows: (analysis.identityAnalysis?.allowStatements.length ?? 0) > 0,
      ...(response.result.resourceType !== undefined && { resourceType: response.result.resourceType }),
      ignoredContextKeys: response.result.ignoredContextKeys ?? [],
    },
  };
}

function attachment(
  id: string,
  name: string,
  raw: PolicyJson,
  kind: 'identity' | 'trust' = 'identity',
): PolicyAttachment {
  const { document, problems } = normalisePolicyDocument(raw, kind);
  if (problems.length > 0) throw new Error(`normalisePolicyDocument rejected ${id}: ${JSON.stringify(problems)}`);
  return { id, name, kind: 'inline', document };
}

export function principalOf(c: OracleCase): PrincipalPolicies {
  const identity = c.identity.map((p, i) => attachment(`case-${c.id}-${i}`, p.name, p.document));
  return c.boundary
    ? { identity, boundary: attachment(`case-${c.id}-boundary`, 'boundary', c.boundary) }
    : { identity };
}

const RCP_FULL_AWS_ACCESS: PolicyJson = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};

/**
 * The case's principal as AccountIndex builds one in a member account: SCP levels with the conditions on the
 * principal settled (its ARN, account and its whole set of tags), RCP levels with RCPFullAWSAccess at each.
 */
export function organizationPrincipalOf(c: OrganizationCase): PrincipalPolicies {
  const levelOf = (i: number): Omit<OrganizationPolicyLevel, 'policies'> =>
    i === 0 ? { kind: 'root', id: 'r-root', name: 'Root' } : { kind: 'ou', id: `ou-level-${i}`, name: `level ${i}` };
  const scps = c.scps.map((policies, i) => ({
    ...levelOf(i),
    policies: policies.map((p, j) => attachment(`case-${c.id}-scp-${i}-${j}`, `scp-${i}-${j}`, p)),
  }));
  const rcps = c.rcps.map((policies, i) => ({
    ...levelOf(i),
    policies: [RCP_FULL_AWS_ACCESS, ...policies].map((p, j) =>
      attachment(`case-${c.id}-rcp-${i}-${j}`, `rcp-${i}-${j}`, p, 'trust'),
    ),
  }));
  const context = new Map<string, string[]>([
    ['aws:principalarn', [c.principal]],
    ['aws:principalaccount', [ACCOUNT]],
    ['aws:principaltype', ['User']],
    ['aws:username', [c.variables['aws:username']!]],
    ...Object.entries(c.principalTags).map(
      ([k, v]) => [`aws:principaltag/${k.toLowerCase()}`, [v]] as [string, string[]],
    ),
  ]);
  return {
    ...principalOf(c),
    ...(scps.length > 0 && { scps: new OrganizationPolicyResolver(scps).forPrincipal(context) }),
    ...(rcps.length > 0 && { rcps }),
  };
}

export function askOrganizationEngine(engine: PolicyEngine, c: OrganizationCase): RequestDecision {
  return engine.evaluateRequest(organizationPrincipalOf(c), {
    action: c.action,
    resource: c.resource,
    variables: new Map(Object.entries(c.variables)),
  });
}

export function askEngine(engine: PolicyEngine, c: OracleCase): RequestDecision {
  return engine.evaluateRequest(principalOf(c), {
    action: c.action,
    resource: c.resource,
    variables: new Map(Object.entries(c.variables)),
  });
}

/** explicit-deny < implicit-deny < allow: a conditional decision is a range on this order. */
export const RANK: Record<Outcome, number> = { 'explicit-deny': 0, 'implicit-deny': 1, allow: 2 };

/** Whether our decision is consistent with iam-simulate's concrete answer. */
export function agrees(ours: RequestDecision, theirs: Outcome): boolean {
  if (ours.outcome !== 'conditional') return ours.outcome === theirs;
  return RANK[ours.worst] <= RANK[theirs] && RANK[theirs] <= RANK[ours.best];
}

/** iam-simulate is async: cases run in chunks so a slow machine never holds thousands of promises. */
const CHUNK = 250;

export interface CaseRun<C, R> {
  c: C;
  theirs: OracleAnswer;
  ours: R;
}

/** Every case through iam-simulate and through `ours`; the cases iam-simulate refuses, with its error. */
export async function runCases<C extends OracleCase, R>(
  cases: readonly C[],
  ours: (c: C) => R,
): Promise<{ runs: CaseRun<C, R>[]; errors: { c: C; error: string }[] }> {
  const out: { runs: CaseRun<C, R>[]; errors: { c: C; error: string }[] } = { runs: [], errors: [] };
  for (let i = 0; i < cases.length; i += CHUNK) {
    const chunk = cases.slice(i, i + CHUNK);
    const answers = await Promise.all(chunk.map(askIamSimulate));
    chunk.forEach((c, j) => {
      const answer = answers[j]!;
      if (answer.ok) out.runs.push({ c, theirs: answer.answer, ours: ours(c) });
      else out.errors.push({ c, error: answer.error });
    });
  }
  return out;
}
