import type { ActionCatalog, ActionSet } from '../iam/index.js';
import {
  CREDENTIALS_EXPOSURE_ACTIONS,
  DATA_EXFILTRATION_ACTIONS,
  RESOURCE_EXPOSURE_ACTIONS,
} from '../risks/action-lists.js';
import { ESCALATION_METHODS } from '../risks/escalation/methods.js';

export type HighRiskKind =
  'escalation' | 'iam-write' | 'data-exfiltration' | 'credentials-exposure' | 'resource-exposure';

/** Actions whose grant is a risk of its own: what insights call out when unused and downsizing never adds. */
export interface HighRiskActions {
  set: ActionSet;
  kindsOf(index: number): readonly HighRiskKind[];
}

/**
 * Built from the same lists the risk rules use: the privilege-escalation methods (for pass-role methods only
 * iam:PassRole itself: RunInstances alone escalates nothing), every IAM write and permissions-management
 * action, and the data-exfiltration, credentials- and resource-exposure lists.
 */
export function highRiskActions(catalog: ActionCatalog): HighRiskActions {
  const kinds = new Map<number, HighRiskKind[]>();
  const add = (action: string, kind: HighRiskKind) => {
    const index = catalog.indexOf(action);
    if (index === undefined) return;
    const list = kinds.get(index) ?? [];
    if (!list.includes(kind)) list.push(kind);
    kinds.set(index, list);
  };
  for (const method of ESCALATION_METHODS) {
    if (method.retired || method.kind === 'composite') continue;
    if (method.kind === 'pass-role') add('iam:PassRole', 'escalation');
    else for (const action of method.actions) add(action, 'escalation');
  }
  const iam = catalog.service('iam');
  if (iam)
    for (let i = iam.start; i < iam.end; i++) {
      // The catalog spells the level as AWS's reference does: "Permissions management, Write" (and "Tagging, Write").
      const level: string = catalog.action(i).accessLevel;
      if (level === 'Write' || level.startsWith('Permissions management')) add(catalog.action(i).key, 'iam-write');
    }
  for (const action of DATA_EXFILTRATION_ACTIONS) add(action, 'data-exfiltration');
  for (const action of CREDENTIALS_EXPOSURE_ACTIONS) add(action, 'credentials-exposure');
  for (const action of RESOURCE_EXPOSURE_ACTIONS) add(action, 'resource-exposure');
  const set = catalog.emptySet();
  for (const index of kinds.keys()) set.add(index);
  return { set: set.compact(), kindsOf: (index) => kinds.get(index) ?? [] };
}
