import type { AccountSnapshot, IamRole } from '../../snapshot/index.js';

/**
 * The roles a service or federated principal may assume (pass-role and existing-workload targets),
 * read from the trust policies once and shared by every method naming the same services.
 */
export class ServiceRoles {
  constructor(private readonly snapshot: AccountSnapshot) {}

  private readonly trustCache = new Map<string, IamRole[]>();
  private rolesByTrustedService?: Map<string, Set<IamRole>>;

  /** Roles whose trust policy lets one of the service principals assume them, in snapshot order. */
  rolesTrusting(services: readonly string[], needsInstanceProfile: boolean): IamRole[] {
    const key = `${services.join(',')}|${needsInstanceProfile}`;
    let roles = this.trustCache.get(key);
    if (!roles) {
      const byService = this.trustedServices();
      const trusting = services.flatMap((service) => byService.get(service) ?? []);
      // No closure per role: this runs for every method's services.
      roles = this.snapshot.authorizationDetails.roles.filter(
        (role) => (!needsInstanceProfile || role.instanceProfiles.length > 0) && trustedByAny(trusting, role),
      );
      this.trustCache.set(key, roles);
    }
    return roles;
  }

  /** Every role by the service and federated principals its Allow trust statements name: read once. */
  private trustedServices(): Map<string, Set<IamRole>> {
    if (!this.rolesByTrustedService) {
      const map = new Map<string, Set<IamRole>>();
      for (const role of this.snapshot.authorizationDetails.roles)
        for (const statement of role.trustPolicy.Statement) {
          if (statement.Effect !== 'Allow') continue;
          for (const list of [statement.Principal?.Service, statement.Principal?.Federated])
            for (const name of list ?? []) {
              const roles = map.get(name);
              if (roles) roles.add(role);
              else map.set(name, new Set([role]));
            }
        }
      this.rolesByTrustedService = map;
    }
    return this.rolesByTrustedService;
  }

  clear(): void {
    this.trustCache.clear();
    this.rolesByTrustedService = undefined;
  }
}

function trustedByAny(trusting: readonly ReadonlySet<IamRole>[], role: IamRole): boolean {
  for (let i = 0; i < trusting.length; i++) if (trusting[i]!.has(role)) return true;
  return false;
}
