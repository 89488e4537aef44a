import type { EffectivePermissions } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import type { RuleContext } from './types.js';
import type { ActionSet } from '../iam/index.js';

export type AdminLevel = 'full' | 'iam';

interface AdminSets {
  all: ActionSet;
  iam: ActionSet;
}

function adminSets(ctx: RuleContext): AdminSets {
  return ctx.shared('admin-sets', () => {
    const catalog = ctx.engine.catalog;
    const iam = catalog.emptySet();
    const service = catalog.service('iam');
    if (service) for (let i = service.start; i < service.end; i++) iam.add(i);
    return { all: catalog.fullSet().compact(), iam: iam.compact() };
  });
}

/**
 * Effective administrator: every action on every resource ('full'), or all of IAM ('iam', which lets a
 * principal grant itself everything else); unconditional, after Denies and boundaries.
 */
export function adminLevelOf(ctx: RuleContext, effective: EffectivePermissions): AdminLevel | undefined {
  const sets = adminSets(ctx);
  if (effective.unconditional.containsAll(sets.all)) return 'full';
  if (sets.iam.count() > 0 && effective.unconditional.containsAll(sets.iam)) return 'iam';
  return undefined;
}

export function adminLevel(ctx: RuleContext, principal: Principal): AdminLevel | undefined {
  return adminLevelOf(ctx, ctx.effective(principal));
}

export function adminActionSet(ctx: RuleContext, level: AdminLevel): ActionSet {
  return adminSets(ctx)[level === 'full' ? 'all' : 'iam'];
}
