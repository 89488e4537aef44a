import { PolicyEngine } from '../iam/index.js';
import { RULES } from '../risks/rules/index.js';
import { runRules } from '../risks/run.js';
import type { RuleSettings } from '../risks/settings.js';
import type { AccountSnapshot, AuthorizationDetails, IamEntity, ManagedPolicy } from '../snapshot/index.js';
import type { Reevaluation } from './execute.js';
import type { FixPlan, ResourceState } from './types.js';

export interface ReevaluateContext {
  snapshot: AccountSnapshot;
  engine: PolicyEngine;
  settings: RuleSettings;
  now: Date;
}

/** Runs the finding's rule on the snapshot with the resource as AWS now has it: is the finding gone? Pure. */
export function reevaluate(plan: FixPlan, observed: ResourceState, ctx: ReevaluateContext): Reevaluation {
  const rule = RULES.find((r) => r.id === plan.ruleId);
  if (!rule) return { resolved: false, title: `rule ${plan.ruleId} is not in this version` };
  const snapshot = withState(ctx.snapshot, observed, plan);
  // A fresh engine: the shared one caches compiled policies by id, and the changed policy keeps its id.
  const engine = new PolicyEngine(ctx.engine.catalog);
  const result = runRules(snapshot, engine, { now: ctx.now, rules: [rule], settings: ctx.settings });
  const still = result.findings.find((f) => f.id === plan.findingId);
  return still ? { resolved: false, severity: still.severity, title: still.title } : { resolved: true };
}

/** The snapshot with one resource replaced by its observed state. */
export function withState(snapshot: AccountSnapshot, state: ResourceState, plan: FixPlan): AccountSnapshot {
  const details = snapshot.authorizationDetails;
  const patched: AuthorizationDetails = { ...details };
  const entity = <E extends IamEntity>(list: E[], name: string, change: (e: E) => E): E[] =>
    list.map((e) => (e.name === name ? change(e) : e));
  const principalList = (kind: IamEntity['kind'], name: string, change: (e: IamEntity) => IamEntity) => {
    if (kind === 'user') patched.users = entity(details.users, name, change as never);
    else if (kind === 'role') patched.roles = entity(details.roles, name, change as never);
    else patched.groups = entity(details.groups, name, change as never);
  };
  switch (state.type) {
    case 'managed-policy':
      patched.policies = details.policies.map((p) =>
        p.arn === state.arn ? { ...p, document: state.document, defaultVersionId: state.defaultVersionId } : p,
      );
      break;
    case 'inline-policy':
      principalList(state.principal.kind, state.principal.name, (e) => ({
        ...e,
        inlinePolicies: [
          ...e.inlinePolicies.filter((p) => p.name !== state.policyName),
          ...(state.document ? [{ name: state.policyName, document: state.document }] : []),
        ],
      }));
      break;
    case 'attached-policies': {
      principalList(state.principal.kind, state.principal.name, (e) => ({ ...e, managedPolicyArns: state.attached }));
      if (state.created && !details.policies.some((p) => p.arn === state.created!.arn)) {
        const created: ManagedPolicy = {
          arn: state.created.arn,
          name: state.created.arn.slice(state.created.arn.lastIndexOf('/') + 1),
          path: '/',
          awsManaged: false,
          document: state.created.document,
          versions: [],
        };
        patched.policies = [...details.policies, created];
      }
      break;
    }
    case 'access-keys':
      return withAccessKeys(snapshot, patched, state, plan);
    case 'role-quarantine': {
      const name = plan.query.type === 'role-quarantine' ? plan.query.policyName : '';
      patched.roles = entity(details.roles, state.roleName, (r) => ({
        ...r,
        tags: state.tags,
        inlinePolicies: [
          ...r.inlinePolicies.filter((p) => p.name !== name),
          ...(state.quarantine ? [{ name, document: state.quarantine }] : []),
        ],
      }));
      break;
    }
    case 'trust-policy':
      patched.roles = entity(details.roles, state.roleName, (r) => ({ ...r, trustPolicy: state.document }));
      break;
  }
  return { ...snapshot, authorizationDetails: patched };
}

/** The credential report row of the user, its keys active as AWS now says (matched by creation time). */
function withAccessKeys(
  snapshot: AccountSnapshot,
  details: AuthorizationDetails,
  state: Extract<ResourceState, { type: 'access-keys' }>,
  plan: FixPlan,
): AccountSnapshot {
  const second = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : NaN);
  const report = snapshot.credentialReport?.map((row) => {
    if (row.arn !== plan.resourceArn) return row;
    const keys = row.accessKeys.map((key) => {
      const live = state.keys.find((k) => second(k.createDate) === second(key.lastRotated));
      return live ? { ...key, active: live.status === 'Active' } : key;
    }) as typeof row.accessKeys;
    return { ...row, accessKeys: keys };
  });
  return { ...snapshot, authorizationDetails: details, ...(report && { credentialReport: report }) };
}
