import { CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS } from '../action-lists.js';
import { adminLevelOf } from '../admin.js';
import { ESCALATION_METHODS } from '../escalation/methods.js';
import { groupMembers } from '../group-members.js';
import { grantingStatements } from '../permission-evidence.js';
import type { Principal } from '../../snapshot/index.js';
import type { Evidence, Rule, Severity } from '../types.js';

export const riskyManagedPolicy: Rule = {
  id: 'risky-managed-policy',
  title: 'Customer-managed policy that grants admin or escalation',
  severity: 'high',
  resourceTypes: ['policy'],
  rationale:
    'A managed policy is reused: one broad document quietly makes every principal it is attached to (today and tomorrow) an administrator or an escalation path.',
  remediation:
    'Split the policy by job, scope Resource elements, and move IAM-changing actions to a reviewed deployment role; `rightsize suggest` shows what each principal uses.',
  detect(ctx) {
    const { engine, index, snapshot } = ctx;
    const catalog = engine.catalog;
    const reach = new Map<string, Principal[]>();
    for (const p of index.principals)
      for (const a of p.policies.identity)
        if (a.arn && !a.viaGroup) {
          const list = reach.get(a.arn);
          if (list) list.push(p);
          else reach.set(a.arn, [p]);
        }
    // The methods one policy can provide by itself, with their actions looked up once, not per policy.
    const singlePolicyMethods = ESCALATION_METHODS.filter(
      (m) => m.kind !== 'composite' && m.kind !== 'existing-workload',
    ).map((method) => ({ method, actions: method.actions.map((a) => catalog.indexOf(a)) }));
    return snapshot.authorizationDetails.policies.flatMap((policy) => {
      if (policy.awsManaged) return [];
      const attachment = {
        id: policy.arn,
        name: policy.name,
        kind: 'managed' as const,
        arn: policy.arn,
        document: policy.document,
      };
      const alone = engine.effectivePermissions({ identity: [attachment] });
      const admin = adminLevelOf(ctx, alone);
      const grants = (i: number | undefined) => i !== undefined && alone.unconditional.has(i);
      const methods = admin ? [] : singlePolicyMethods.filter((m) => m.actions.every(grants)).map((m) => m.method);
      if (!admin && methods.length === 0) return [];
      const has = (action: string) => grants(catalog.indexOf(action));
      const exfiltration = DATA_EXFILTRATION_ACTIONS.filter(has);
      const credentials = CREDENTIALS_EXPOSURE_ACTIONS.filter(has);
      const principals = reach.get(policy.arn) ?? [];
      const members = principals.flatMap((p) => (p.kind === 'group' ? groupMembers(ctx, p.name) : []));
      const reached = principals.length + members.length;
      const base: Severity = admin === 'full' ? 'critical' : 'high';
      const severity: Severity = reached === 0 ? 'low' : base;
      const what = admin
        ? admin === 'full'
          ? 'full administrator access'
          : 'all of IAM'
        : `privilege escalation (${methods
            .map((m) => m.id)
            .slice(0, 3)
            .join(', ')}${methods.length > 3 ? ` +${methods.length - 3}` : ''})`;
      const evidence: Evidence[] = [
        {
          summary: `attached to ${principals.length === 0 ? 'nothing (yet)' : principals.map((p) => `${p.kind} ${p.name}`).join(', ')}${members.length > 0 ? `; reaches ${members.length} user(s) through groups` : ''}`,
        },
        ...methods.slice(0, 5).map((m) => ({
          summary: `escalation method ${m.id}: ${m.actions.join(' + ')} on Resource "*"`,
          actions: [...m.actions],
        })),
        ...(exfiltration.length > 0
          ? [{ summary: `also reads data on every resource: ${exfiltration.join(', ')}` }]
          : []),
        ...(credentials.length > 0 ? [{ summary: `also mints credentials: ${credentials.join(', ')}` }] : []),
        ...grantingStatements(
          engine,
          { identity: [attachment] },
          admin ? alone.unconditional : engine.catalog.setOf(methods.flatMap((m) => m.actions)),
          3,
        ),
      ];
      return [
        {
          resourceArn: policy.arn,
          resourceType: 'policy',
          resourceName: policy.name,
          title: `customer-managed policy ${policy.name} grants ${what} to ${reached} principal${reached === 1 ? '' : 's'}`,
          severity,
          evidence,
          relatedArns: principals.map((p) => p.arn),
        },
      ];
    });
  },
};
