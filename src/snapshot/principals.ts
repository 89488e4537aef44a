import { AmbiguousNameError, NotFoundError } from '../errors.js';
import {
  OrganizationPolicyResolver,
  type ConditionContext,
  type PolicyAttachment,
  type PrincipalPolicies,
} from '../iam/index.js';
import type { AccountSnapshot, IamEntity, IamGroup, IamRole, ManagedPolicy, PrincipalKind, Tags } from './types.js';

export interface Principal {
  kind: PrincipalKind;
  arn: string;
  name: string;
  entity: IamEntity;
  tags: Tags;
  policies: PrincipalPolicies;
}

/**
 * The account's principals with their policies resolved (inline, managed, groups', boundary), and
 * look-ups by ARN, name and instance profile. Built once per snapshot; pure.
 */
export class AccountIndex {
  readonly principals: Principal[];
  readonly policiesByArn: ReadonlyMap<string, ManagedPolicy>;
  readonly groupsByName: ReadonlyMap<string, IamGroup>;
  readonly rolesByInstanceProfile: ReadonlyMap<string, IamRole>;
  private readonly byArn = new Map<string, Principal>();
  private readonly managedAttachments = new Map<string, PolicyAttachment>();
  private readonly scps: OrganizationPolicyResolver | undefined;

  constructor(readonly snapshot: AccountSnapshot) {
    const scps = snapshot.organization?.scps;
    this.scps = scps && scps.length > 0 ? new OrganizationPolicyResolver(scps) : undefined;
    const details = snapshot.authorizationDetails;
    this.policiesByArn = new Map(details.policies.map((p) => [p.arn, p]));
    this.groupsByName = new Map(details.groups.map((g) => [g.name, g]));
    const profiles = new Map<string, IamRole>();
    for (const role of details.roles) for (const profile of role.instanceProfiles) profiles.set(profile.arn, role);
    this.rolesByInstanceProfile = profiles;

    this.principals = [...details.users, ...details.roles, ...details.groups].map((entity) => {
      const principal: Principal = {
        kind: entity.kind,
        arn: entity.arn,
        name: entity.name,
        entity,
        tags: entity.kind === 'group' ? {} : entity.tags,
        policies: this.policiesOf(entity),
      };
      this.byArn.set(entity.arn, principal);
      return principal;
    });
  }

  get(arn: string): Principal | undefined {
    return this.byArn.get(arn);
  }

  /** Finds a principal by ARN, by name, or by "role/name", "user/name", "group/name". */
  find(query: string): Principal {
    const exact = this.byArn.get(query);
    if (exact) return exact;
    const [kind, name] =
      query.includes('/') && !query.startsWith('arn:') ? (query.split('/', 2) as [string, string]) : [undefined, query];
    const candidates = this.principals.filter(
      (p) => p.name.toLowerCase() === name.toLowerCase() && (kind === undefined || p.kind === kind.toLowerCase()),
    );
    const exactCase = candidates.filter((p) => p.name === name);
    const matches = exactCase.length > 0 ? exactCase : candidates;
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1)
      throw new AmbiguousNameError(
        `"${query}" names ${matches.length} principals: ${matches.map((p) => `${p.kind}/${p.name}`).join(', ')}`,
        { hint: 'use the ARN or kind/name, e.g. role/deploy' },
      );
    const near = this.principals.filter((p) => p.name.toLowerCase().includes(name.toLowerCase())).slice(0, 5);
    throw new NotFoundError(`no user, role or group "${query}" in account ${this.snapshot.accountId}`, {
      hint:
        near.length > 0
          ? `did you mean ${near.map((p) => `${p.kind}/${p.name}`).join(', ')}?`
          : 'run `rightsize scan` to list principals with findings',
    });
  }

  private policiesOf(entity: IamEntity): PrincipalPolicies {
    const identity: PolicyAttachment[] = [];
    this.addOwn(identity, entity, undefined);
    if (entity.kind === 'user') for (const groupName of entity.groups) identity.push(...this.throughGroup(groupName));
    const policies: PrincipalPolicies = { identity };
    if (entity.kind !== 'group' && entity.boundaryArn) {
      const boundary = this.managed(entity.boundaryArn);
      // An unknown boundary is reported by checkReferences; without it we cannot cap, so we do not pretend to.
      if (boundary) policies.boundary = boundary;
    }
    // SCPs cap every principal of a member account but its service-linked roles; RCPs the resources of the account.
    // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html#scp-effects-on-permissions)
    if (this.scps && !isServiceLinkedRole(entity))
      policies.scps = this.scps.forPrincipal(this.principalContext(entity));
    const rcps = this.snapshot.organization?.rcps;
    if (rcps && rcps.length > 0 && !isServiceLinkedRole(entity)) policies.rcps = rcps;
    return policies;
  }

  /** The request context every request of the principal carries: what settles SCP conditions on the principal. */
  private principalContext(entity: IamEntity): ConditionContext | undefined {
    // A group makes no requests: its members do, each with their own ARN and tags.
    if (entity.kind === 'group') return undefined;
    const context = new Map<string, string[]>([
      ['aws:principalarn', [entity.arn]],
      ['aws:principalaccount', [this.snapshot.accountId]],
      ['aws:principaltype', [entity.kind === 'user' ? 'User' : 'AssumedRole']],
    ]);
    const org = this.snapshot.organization;
    if (org) context.set('aws:principalorgid', [org.organizationId]);
    if (entity.kind === 'user') context.set('aws:username', [entity.name]);
    for (const [key, value] of Object.entries(entity.tags))
      context.set(`aws:principaltag/${key.toLowerCase()}`, [value]);
    return context;
  }

  private readonly groupAttachments = new Map<string, PolicyAttachment[]>();

  /** A group's policies as its members get them: built once per group, shared by every member. */
  private throughGroup(groupName: string): readonly PolicyAttachment[] {
    let attachments = this.groupAttachments.get(groupName);
    if (!attachments) {
      attachments = [];
      const group = this.groupsByName.get(groupName);
      if (group) this.addOwn(attachments, group, groupName);
      this.groupAttachments.set(groupName, attachments);
    }
    return attachments;
  }

  /** The owner's inline and managed policies, marked with the group they come through. */
  private addOwn(identity: PolicyAttachment[], owner: IamEntity, viaGroup: string | undefined): void {
    for (const inline of owner.inlinePolicies) {
      const attachment: PolicyAttachment = {
        id: `${owner.arn}#inline#${inline.name}`,
        name: inline.name,
        kind: 'inline',
        document: inline.document,
      };
      if (viaGroup) attachment.viaGroup = viaGroup;
      identity.push(attachment);
    }
    for (const arn of owner.managedPolicyArns) {
      const managed = this.managed(arn);
      if (!managed) continue;
      identity.push(
        viaGroup
          ? { id: managed.id, name: managed.name, kind: 'managed', arn, document: managed.document, viaGroup }
          : managed,
      );
    }
  }

  private managed(arn: string): PolicyAttachment | undefined {
    let attachment = this.managedAttachments.get(arn);
    if (!attachment) {
      const policy = this.policiesByArn.get(arn);
      if (!policy) return undefined;
      attachment = { id: arn, name: policy.name, kind: 'managed', arn, document: policy.document };
      this.managedAttachments.set(arn, attachment);
    }
    return attachment;
  }
}

/** Service-linked roles (path /aws-service-role/) are not affected by SCPs or RCPs. */
function isServiceLinkedRole(entity: IamEntity): boolean {
  return entity.kind === 'role' && entity.path.startsWith('/aws-service-role/');
}
