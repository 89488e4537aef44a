import type { ActionSet, ActionCatalog } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import { DATA_PLANE_ACTIONS } from './data-plane.js';
import type { PrincipalUsage, UsageModel } from './types.js';
import { plural } from '../text/plural.js';

export type UsageNoteKind =
  | 'no-usage-data'
  | 'short-window'
  | 'no-access-advisor'
  | 'service-level-only'
  | 'unmapped-events'
  | 'new-principal'
  | 'used-without-detail'
  | 'data-events-unrecorded';

export interface UsageNote {
  kind: UsageNoteKind;
  message: string;
  /** Services concerned (service-level-only). */
  services?: string[];
  /** Actions concerned (data-events-unrecorded): provisioned, of a used service, invisible in the events. */
  actions?: string[];
}

export type Confidence = 'high' | 'medium' | 'low';

const DAY_MS = 86_400_000;

/** Where the usage data is thin for this principal: each note says what it means for a suggestion. */
export function usageNotes(
  model: UsageModel,
  usage: PrincipalUsage,
  principal: Principal,
  provisioned: ActionSet,
  catalog: ActionCatalog,
): UsageNote[] {
  const notes: UsageNote[] = [];
  const days = model.window.days;
  const actionSources = usage.coveredBy.filter((s) => s !== 'role-last-used' && s !== 'credential-report');
  if (actionSources.length === 0)
    notes.push({
      kind: 'no-usage-data',
      message:
        'no access-advisor report and no CloudTrail events for this principal: what it uses is unknown, so nothing can be removed safely',
    });
  else if (!usage.coveredBy.includes('access-advisor') && principal.kind !== 'group')
    notes.push({
      kind: 'no-access-advisor',
      message:
        'no access-advisor report for this principal: usage comes from CloudTrail alone, which holds management events (data events such as s3:GetObject only if the trail records them)',
    });
  for (const source of model.sources)
    if ((source.source === 'cloudtrail' || source.source === 'cloudtrail-lake') && !source.coversWindow) {
      const covered = Math.round((Date.parse(source.to) - Date.parse(source.from)) / DAY_MS);
      notes.push({
        kind: 'short-window',
        message: `${source.source === 'cloudtrail' ? 'CloudTrail events' : 'CloudTrail Lake rows'} cover ${covered} of the ${days} days: an action used only before ${source.from.slice(0, 10)} is known only where access advisor tracks it`,
      });
    }
  const serviceOnly = usage.services
    .filter((s) => s.lastUsed && !s.actionLevel)
    .map((s) => s.service)
    .filter((prefix) => {
      const service = catalog.service(prefix);
      return service !== undefined && provisioned.anyInRange(service.start, service.end);
    });
  if (serviceOnly.length > 0)
    notes.push({
      kind: 'service-level-only',
      services: serviceOnly,
      message: `used in the window with no record of which actions: ${serviceOnly.join(', ')}; every provisioned action of ${serviceOnly.length === 1 ? 'that service' : 'those services'} is treated as used`,
    });
  const invisible = usage.services
    .filter((s) => s.lastUsed && !model.dataEventServices.has(s.service) && !serviceOnly.includes(s.service))
    .flatMap((s) => DATA_PLANE_ACTIONS[s.service] ?? [])
    .filter((action) => {
      const i = catalog.indexOf(action);
      return i !== undefined && provisioned.has(i) && !usage.actions.some((a) => a.index === i);
    });
  if (invisible.length > 0)
    notes.push({
      kind: 'data-events-unrecorded',
      actions: invisible,
      message: `kept as possibly used: ${invisible.join(', ')} — data-plane actions of services in use, which the events cannot show (no data events recorded for them)`,
    });
  if (usage.unmappedEvents.length > 0)
    notes.push({
      kind: 'unmapped-events',
      message: `${plural(
        usage.unmappedEvents.reduce((n, u) => n + u.events, 0),
        'event',
      )} map to no IAM action (${usage.unmappedEvents
        .slice(0, 3)
        .map((u) => `${u.eventSource} ${u.eventName}`)
        .join(
          ', ',
        )}${usage.unmappedEvents.length > 3 ? ', …' : ''}); their services count as used without action detail`,
    });
  const created = principal.entity.createDate ? Date.parse(principal.entity.createDate) : NaN;
  if (!Number.isNaN(created) && created > Date.parse(model.window.start))
    notes.push({
      kind: 'new-principal',
      message: `created ${principal.entity.createDate!.slice(0, 10)}, ${Math.max(0, Math.round((Date.parse(model.window.end) - created) / DAY_MS))} day(s) before the snapshot: less than the ${days}-day window has been observed`,
    });
  const activity = usage.lastActivity;
  if (
    activity &&
    Date.parse(activity.date) >= Date.parse(model.window.start) &&
    !usage.services.some((s) => s.lastUsed !== undefined)
  )
    notes.push({
      kind: 'used-without-detail',
      message: `used on ${activity.date.slice(0, 10)} according to ${activity.source}, but no source says which services`,
    });
  return notes;
}

export function confidenceOf(notes: readonly UsageNote[]): Confidence {
  const low: UsageNoteKind[] = ['no-usage-data', 'service-level-only', 'new-principal', 'used-without-detail'];
  if (notes.some((n) => low.includes(n.kind))) return 'low';
  return notes.length > 0 ? 'medium' : 'high';
}
