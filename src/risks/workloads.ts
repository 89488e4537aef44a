import { DATA_EXFILTRATION_ACTIONS, CREDENTIALS_EXPOSURE_ACTIONS } from './action-lists.js';
import { adminLevel, type AdminLevel } from './admin.js';
import { everyTarget } from './every-target.js';
import type { EscalationPath } from './escalation/graph.js';
import type { IamRole, Principal } from '../snapshot/index.js';
import type { Evidence, ResourceType, RuleContext } from './types.js';
import { escalationGraph, pathEvidence } from './escalation/shared.js';

/** A workload and the role it runs as, with what makes it reachable from outside. */
export interface Workload {
  resourceType: Extract<ResourceType, 'ec2-instance' | 'lambda-function'>;
  arn: string;
  name: string;
  role: Principal;
  /** e.g. "IMDSv1 enabled and a public IP", "public function URL (AuthType NONE)". */
  exposure?: string;
  facts: string[];
}

export function workloads(ctx: RuleContext): Workload[] {
  return ctx.shared('workloads', () => {
    const { snapshot, index } = ctx;
    const list: Workload[] = [];
    for (const instance of snapshot.instances ?? []) {
      if (instance.state === 'terminated' || !instance.instanceProfileArn) continue;
      const roleEntity: IamRole | undefined = index.rolesByInstanceProfile.get(instance.instanceProfileArn);
      const role = roleEntity && index.get(roleEntity.arn);
      if (!role) continue;
      const imdsv1 = instance.httpTokens !== 'required' && instance.httpEndpoint !== 'disabled';
      const facts = [
        `instance profile ${instance.instanceProfileArn} → role ${role.name}`,
        imdsv1 ? 'IMDSv1 reachable (MetadataOptions.HttpTokens is not "required")' : 'IMDSv2 required',
        instance.publicIp ? `public IP ${instance.publicIp}` : 'no public IP',
        `state ${instance.state}`,
      ];
      const workload: Workload = {
        resourceType: 'ec2-instance',
        arn: `arn:aws:ec2:${instance.region}:${snapshot.accountId}:instance/${instance.instanceId}`,
        name: instance.instanceId,
        role,
        facts,
      };
      // IMDSv1 on a reachable host is how role credentials leak through SSRF.
      if (imdsv1 && instance.publicIp) workload.exposure = 'IMDSv1 enabled on an instance with a public IP';
      list.push(workload);
    }
    for (const fn of snapshot.functions ?? []) {
      const role = index.get(fn.roleArn);
      if (!role) continue;
      const facts = [
        `execution role ${role.name}`,
        fn.url ? `function URL with AuthType ${fn.url.authType}` : 'no function URL',
      ];
      const workload: Workload = { resourceType: 'lambda-function', arn: fn.arn, name: fn.name, role, facts };
      if (fn.url?.authType === 'NONE')
        workload.exposure = 'public function URL (AuthType NONE): anyone on the internet can invoke it';
      list.push(workload);
    }
    return list;
  });
}

export interface RolePrivilege {
  admin?: AdminLevel;
  escalation?: EscalationPath;
  exfiltration: string[];
  credentials: string[];
}

export function rolePrivilege(ctx: RuleContext, role: Principal): RolePrivilege {
  const effective = ctx.effective(role);
  const granted = (names: readonly string[]) => everyTarget(ctx).allowed(role.policies, effective, role.arn, names);
  const privilege: RolePrivilege = {
    exfiltration: granted(DATA_EXFILTRATION_ACTIONS),
    credentials: granted(CREDENTIALS_EXPOSURE_ACTIONS),
  };
  const admin = adminLevel(ctx, role);
  if (admin) privilege.admin = admin;
  else {
    const path = escalationGraph(ctx).pathOf(role.arn);
    if (path && !path.conditional && path.assumptions.length === 0) privilege.escalation = path;
  }
  return privilege;
}

export function workloadEvidence(workload: Workload): Evidence[] {
  return workload.facts.map((summary) => ({ summary }));
}

export function escalationEvidence(ctx: RuleContext, privilege: RolePrivilege): Evidence[] {
  return privilege.escalation ? pathEvidence(ctx, privilege.escalation) : [];
}

/** Compute rules need EC2 or Lambda data: say so when the snapshot has neither. */
export function noticeMissingCompute(ctx: RuleContext): boolean {
  const missing = [
    ctx.snapshot.instances ? undefined : 'EC2 instances',
    ctx.snapshot.functions ? undefined : 'Lambda functions',
  ].filter(Boolean);
  if (missing.length > 0)
    ctx.notice(`the snapshot has no ${missing.join(' and no ')}: those workloads were not checked`);
  return missing.length === 2;
}
