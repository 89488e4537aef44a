import { noFix, planHead } from './plan-base.js';
import type { FixTarget } from './target.js';
import type { FixPlan, NoFix, ResourceState } from './types.js';

type Target = Extract<FixTarget, { kind: 'deactivate-access-key' }>;

/** An unused access key is set Inactive — never deleted, so rollback can make it Active again. */
export function planDeactivateAccessKey(
  target: Target,
  live: ResourceState,
  now: Date,
): { kind: 'plan'; plan: FixPlan } | NoFix {
  if (live.type !== 'access-keys') return noFix(target, `read a ${live.type} instead of access keys`);
  const key = matchKey(target, live.keys);
  if (!key)
    return noFix(
      target,
      `user ${target.userName} has no active access key created ${target.keyCreated ?? 'when the credential report says'}: it was rotated or changed since the scan; scan again`,
    );
  const update = (status: 'Active' | 'Inactive') => ({
    api: 'UpdateAccessKey' as const,
    params: { UserName: target.userName, AccessKeyId: key.accessKeyId, Status: status },
  });
  return {
    kind: 'plan',
    plan: {
      ...planHead(target, live, now),
      summary: `deactivate access key ${key.accessKeyId} of user ${target.userName} (it is not deleted)`,
      notes: ['anything still using the key gets InvalidClientTokenId; rollback makes it Active again'],
      after: {
        ...live,
        keys: live.keys.map((k) => (k.accessKeyId === key.accessKeyId ? { ...k, status: 'Inactive' } : k)),
      },
      afterRollback: live,
      steps: [{ call: update('Inactive'), says: `set ${key.accessKeyId} Inactive`, undo: [update('Active')] }],
      expect: 'resolved',
    },
  };
}

/**
 * The credential report numbers keys but does not name them; its "last rotated" is the key's creation time,
 * which identifies it among the user's (at most two) keys.
 */
function matchKey(target: Target, keys: Extract<ResourceState, { type: 'access-keys' }>['keys']) {
  const active = keys.filter((k) => k.status === 'Active');
  if (!target.keyCreated) return active.length === 1 ? active[0] : undefined;
  const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  return active.find((k) => second(k.createDate) === second(target.keyCreated!));
}
