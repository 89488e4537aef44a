import { plural } from '../text/plural.js';

/** Thresholds the rules use; the configuration file (issue 6) overrides them. */
export interface RuleSettings {
  /** A role unused this long is flagged (AWS tracks RoleLastUsed for 400 days). */
  unusedRoleDays: number;
  /** A user with no console login and no key use this long is flagged. */
  unusedUserDays: number;
  /** An active access key unused this long is flagged. */
  unusedKeyDays: number;
  /** An active access key older than this is flagged for rotation (CIS AWS Foundations 1.14: 90 days). */
  keyRotationDays: number;
  /** Root use within this many days is flagged. */
  rootRecentUseDays: number;
  /** Usage window for provisioned-vs-used (access advisor, CloudTrail). */
  trackingPeriodDays: number;
  /** Share of provisioned services unused in the window at which permissions-gap fires. */
  permissionsGapShare: number;
  /** permissions-gap only considers principals with at least this many provisioned services. */
  permissionsGapMinServices: number;
  /** Accounts trusted besides the scanned one and its organisation (partners you vetted). */
  trustedAccountIds: string[];
  /** SCPs (by name) every member account of the organisation must have on its way from the root. */
  guardrailScps: string[];
  /** Actions (or patterns) the SCPs of every member account must deny. */
  guardrailDeniedActions: string[];
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  unusedRoleDays: 90,
  unusedUserDays: 90,
  unusedKeyDays: 90,
  keyRotationDays: 90,
  rootRecentUseDays: 30,
  trackingPeriodDays: 90,
  permissionsGapShare: 0.5,
  permissionsGapMinServices: 4,
  trustedAccountIds: [],
  guardrailScps: [],
  guardrailDeniedActions: [],
};

export const DAY_MS = 86_400_000;

/** Whole days between an ISO time and now (negative when in the future). */
/** `1 day`, `1,071 days`; `? days` when the date could not be read. */
export function dayCount(days: number | undefined): string {
  return days === undefined ? '? days' : plural(days, 'day');
}

export function daysSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor((now.getTime() - t) / DAY_MS);
}
