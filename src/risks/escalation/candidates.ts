import type { Principal } from '../../snapshot/index.js';
import { ResourceIndex } from '../capability.js';
import type { RuleContext } from '../types.js';
import type { Candidate } from './edges.js';
import type { EscalationMethod } from './methods.js';
import type { ServiceRoles } from './service-roles.js';
import { ownTitle, type CandidateSet, type TargetLists } from './target-lists.js';

/** Kinds whose targets are a list that does not depend on the holder (join-group: for users). */
const LISTED_KINDS = new Set<EscalationMethod['kind']>([
  'pass-role',
  'existing-workload',
  'user-credentials',
  'update-trust',
  'join-group',
]);

const NO_CANDIDATES: CandidateSet = {
  key: 'none',
  list: [],
  resources: new ResourceIndex([]),
  titleOf: ownTitle,
};

/**
 * Where each method can take its holders. Candidate lists are the same for every holder of a method,
 * and for every method reaching the same targets: built once per method, shared by target key.
 */
export class CandidateSets {
  constructor(
    private readonly ctx: RuleContext,
    private readonly lists: TargetLists,
    private readonly roles: ServiceRoles,
  ) {}

  private readonly candidateCache = new Map<string, CandidateSet>();
  private readonly sharedCandidates = new Map<string, { list: Candidate[]; resources: ResourceIndex }>();

  /**
   * A method with no target in this account (no role trusts its service, no such workload) gives no
   * edge to anyone: left out before thousands of holders ask.
   */
  reachesNothing(method: EscalationMethod): boolean {
    return LISTED_KINDS.has(method.kind) && this.candidateSet(method).list.length === 0;
  }

  forHolder(principal: Principal, method: EscalationMethod): CandidateSet {
    if (method.kind === 'join-group' && principal.kind !== 'user') return NO_CANDIDATES;
    return this.candidateSet(method);
  }

  private candidateSet(method: EscalationMethod): CandidateSet {
    let set = this.candidateCache.get(method.id);
    if (!set) {
      const found = this.candidates(method);
      let shared = this.sharedCandidates.get(found.key);
      if (!shared) {
        const list = found.list();
        shared = { list, resources: this.lists.resourceIndex(list.map((c) => c.resource ?? '*')) };
        this.sharedCandidates.set(found.key, shared);
      }
      // Titles name the method, so the fan-out nodes (keyed by the set) stay per method.
      set = { key: `${found.key}#${method.id}`, ...shared, titleOf: found.titleOf };
      this.candidateCache.set(method.id, set);
    }
    // A user's own entry in the list is harmless: a step to itself never shortens a path.
    return set;
  }

  /**
   * Where a method can take its holders: a key naming the targets, the targets (built once per key, each with a
   * method-independent label as its title), and the step title a method gives each.
   */
  private candidates(method: EscalationMethod): {
    key: string;
    list: () => Candidate[];
    titleOf: (candidate: Candidate) => string;
  } {
    const { snapshot, index } = this.ctx;
    switch (method.kind) {
      case 'join-group':
        return {
          key: 'groups',
          list: () =>
            snapshot.authorizationDetails.groups.map((g) => ({ to: g.arn, resource: g.arn, title: `group ${g.name}` })),
          titleOf: (c) => `add itself to ${c.title}`,
        };
      case 'user-credentials': {
        const action = method.title.split(' and ')[0];
        return {
          key: `users:${method.id}`,
          list: () => {
            const report = snapshot.credentialReport && new Map(snapshot.credentialReport.map((r) => [r.arn, r]));
            return snapshot.authorizationDetails.users.flatMap((user): Candidate[] => {
              const row = report?.get(user.arn);
              // CreateLoginProfile fails when the user has a password; UpdateLoginProfile when it has none.
              if (row && method.id === 'create-login-profile' && row.passwordEnabled) return [];
              if (row && method.id === 'update-login-profile' && !row.passwordEnabled) return [];
              const c: Candidate = { to: user.arn, resource: user.arn, title: `user ${user.name}` };
              if (!row && method.id !== 'create-access-key')
                c.assumption = 'the user has a console password as the method needs (no credential report to check)';
              return [c];
            });
          },
          titleOf: (c) => `${action}: ${c.title}`,
        };
      }
      case 'update-trust':
        return {
          key: 'roles',
          list: () =>
            snapshot.authorizationDetails.roles.map((r) => ({ to: r.arn, resource: r.arn, title: `role ${r.name}` })),
          titleOf: (c) => `rewrite the trust policy of ${c.title} to trust itself, then assume it`,
        };
      case 'pass-role': {
        const services = method.services ?? [];
        const withProfile = method.needsInstanceProfile === true;
        return {
          key: `trusting:${services.join(',')}:${withProfile}`,
          list: () =>
            this.roles.rolesTrusting(services, withProfile).map((r) => ({
              to: r.arn,
              resource: r.arn,
              title: `role ${r.name}`,
            })),
          titleOf: (c) => `${method.title} (${c.title})`,
        };
      }
      case 'existing-workload':
        return {
          key: `workload:${method.workload ?? '-'}:${(method.services ?? []).join(',')}:${method.needsInstanceProfile === true}`,
          list: () => this.workloadRoles(method).map((w) => ({ ...w, title: `role ${index.get(w.to)?.name ?? w.to}` })),
          titleOf: (c) => `${method.title} (runs as ${c.title})`,
        };
      default:
        return { key: method.id, list: () => [], titleOf: ownTitle };
    }
  }

  private workloadRoles(method: EscalationMethod): Omit<Candidate, 'title'>[] {
    const { snapshot, index } = this.ctx;
    const isRole = (arn: string) => index.get(arn)?.kind === 'role';
    if (method.workload === 'lambda-function' && snapshot.functions)
      return snapshot.functions.filter((f) => isRole(f.roleArn)).map((f) => ({ to: f.roleArn, resource: f.arn }));
    if (method.workload === 'ec2-instance' && snapshot.instances)
      return snapshot.instances.flatMap((i) => {
        const role = i.instanceProfileArn ? index.rolesByInstanceProfile.get(i.instanceProfileArn) : undefined;
        if (!role || i.state === 'terminated') return [];
        return [{ to: role.arn, resource: `arn:aws:ec2:${i.region}:${snapshot.accountId}:instance/${i.instanceId}` }];
      });
    const services = method.services ?? [];
    const runsAs = (name: string) =>
      method.workload === 'ec2-instance'
        ? `an existing EC2 instance runs with an instance profile of role ${name}`
        : method.needsInstanceProfile
          ? `an existing launch template uses an instance profile of role ${name}`
          : `an existing ${services.join('/')} workload runs as role ${name}`;
    return this.roles.rolesTrusting(services, method.needsInstanceProfile === true).map((role) => ({
      to: role.arn,
      assumption: runsAs(role.name),
    }));
  }

  clear(): void {
    this.candidateCache.clear();
    this.sharedCandidates.clear();
    this.roles.clear();
  }
}
