import { CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS } from '../action-lists.js';
import { adminLevelOf } from '../admin.js';
import { ESCALATION_METHODS } from '../escalation/methods.js';
import { everyTarget } from '../every-target.js';
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
    'A managed policy is reused: one broad document quietly makes every principal it is attached to (today and tomorrow) an administrator or an escalation path. A method counts when the policy grants it on every resource it acts on: Resource "*", or every policy, role, user or group of the account (`arn:aws:iam::<account>:policy/*`), as the escalation graph counts it.',
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
    );
    const methodActions = [...new Set(singlePolicyMethods.flatMap((m) => m.actions))];
    const reported = [...methodActions, ...DATA_EXFILTRATION_ACTIONS, ...CREDENTIALS_EXPOSURE_ACTIONS];
    const every = everyTarget(ctx);
    return snapshot.authorizationDetails.policies.flatMap((policy) => {
      if (policy.awsManaged) return [];
      const attachment = {
        id: policy.arn,
        name: policy.name,
        kind: 'managed' as const,
        arn: policy.arn,
        document: policy.document,
      };
      const policies = { identity: [attachment] };
      const alone = engine.effectivePermissions(policies);
      const admin = adminLevelOf(ctx, alone);
      // On every resource each action acts on: "*", or every policy of the account for iam:CreatePolicyVersion.
      const granted = new Set(every.allowed(policies, alone, policy.arn, reported));
      const methods = admin ? [] : singlePolicyMethods.filter((m) => m.actions.every((a) => granted.has(a)));
      if (!admin && methods.length === 0) return [];
      const exfiltration = DATA_EXFILTRATION_ACTIONS.filter((a) => granted.has(a));
      const credentials = CREDENTIALS_EXPOSURE_ACTIONS.filter((a) => granted.has(a));
      const scopes = every.scopesOf(reported, policy.arn);
      const onStar = (action: string) => alone.unconditional.has(catalog.indexOf(action)!);
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
          summary: `escalation method ${m.id}: ${m.actions.join(' + ')} on ${m.actions.every(onStar) ? 'Resource "*"' : 'every resource of the account they act on'}`,
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
          scopes,
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
