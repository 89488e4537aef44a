import { changedSinceScan, noFix, planHead, policyJson } from './plan-base.js';
import type { FixTarget } from './target.js';
import { CREATED_VERSION, type FixPlan, type FixStep, type NoFix, type ResourceState } from './types.js';

/** AWS keeps at most five versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;

type Target = Extract<FixTarget, { kind: 'policy-version' }>;

/**
 * A customer-managed policy gets a new default version with the suggested document; the previous default
 * stays as a version, so rollback sets it back as the default (and deletes the new one).
 */
export function planPolicyVersion(
  target: Target,
  live: ResourceState,
  now: Date,
): { kind: 'plan'; plan: FixPlan } | NoFix {
  if (live.type !== 'managed-policy') return noFix(target, `read a ${live.type} instead of a managed policy`);
  const changed = changedSinceScan(`policy ${target.policyArn}`, target.scanned, live.document);
  if (changed) return noFix(target, changed);
  const self = `${target.principal.kind}/${target.principal.name}`;
  const others = live.attachedTo.filter((a) => a !== self);
  if (others.length > 0)
    return noFix(
      target,
      `the policy is also attached to ${others.join(', ')}: a new version would change their permissions too; give ${self} its own policy instead`,
    );
  const arn = live.arn;
  const steps: FixStep[] = [];
  const notes: string[] = [];
  let remaining = live.versionIds;
  if (live.versionIds.length >= MAX_POLICY_VERSIONS) {
    const oldest = oldestNonDefault(live.versionIds, live.defaultVersionId);
    remaining = live.versionIds.filter((v) => v !== oldest);
    const note = `the policy has ${live.versionIds.length} versions, AWS's limit: the oldest non-default version ${oldest} is deleted to make room, and a rollback cannot bring it back`;
    notes.push(note);
    steps.push({
      call: { api: 'DeletePolicyVersion', params: { PolicyArn: arn, VersionId: oldest } },
      says: `delete ${oldest}, the oldest version that is not the default (AWS keeps at most ${MAX_POLICY_VERSIONS})`,
      undo: [],
      irreversible: note,
    });
  }
  steps.push(
    {
      call: {
        api: 'CreatePolicyVersion',
        params: { PolicyArn: arn, PolicyDocument: policyJson(target.suggested), SetAsDefault: false },
      },
      says: 'add the suggested document as a new version (not yet the default)',
      undo: [{ api: 'DeletePolicyVersion', params: { PolicyArn: arn, VersionId: CREATED_VERSION } }],
    },
    {
      call: { api: 'SetDefaultPolicyVersion', params: { PolicyArn: arn, VersionId: CREATED_VERSION } },
      says: `make the new version the default (it was ${live.defaultVersionId})`,
      undo: [{ api: 'SetDefaultPolicyVersion', params: { PolicyArn: arn, VersionId: live.defaultVersionId } }],
    },
  );
  notes.push(`rollback sets ${live.defaultVersionId} as the default again and deletes the new version`);
  return {
    kind: 'plan',
    plan: {
      ...planHead(target, live, now),
      summary: `new default version of ${policyName(arn)} with the suggested least-privilege document (previous default ${live.defaultVersionId} kept)`,
      notes,
      after: {
        ...live,
        defaultVersionId: CREATED_VERSION,
        versionIds: [...remaining, CREATED_VERSION],
        document: target.suggested,
      },
      afterRollback: { ...live, versionIds: remaining },
      steps,
      expect: 'resolved',
    },
  };
}

/** Version ids are v1, v2 …, numbered in the order they were made. */
function oldestNonDefault(versionIds: readonly string[], defaultVersionId: string): string {
  const number = (id: string) => Number(id.replace(/^v/i, '')) || 0;
  return [...versionIds].filter((v) => v !== defaultVersionId).sort((a, b) => number(a) - number(b))[0]!;
}

function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
