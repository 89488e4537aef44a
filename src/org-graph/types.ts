import type { AdminLevel } from '../risks/admin.js';

/**
 * The per-account summary (`rightsize scan --summary-out`): what one account's scan leaves for the organisation pass,
 * so that no process needs every principal of every account at once. Only what the join needs: the roles other
 * accounts may assume and what each reaches here, and who here may assume roles of other accounts, with the paths.
 */
export const SUMMARY_FORMAT = 'rightsize-account-summary';
export const SUMMARY_FORMAT_VERSION = 1;

/** One step of a path inside an account, as the escalation graph reports it (without the policy documents). */
export interface SummaryStep {
  from: string;
  to: string;
  title: string;
  conditional?: true;
  assumption?: string;
}

/**
 * A role's path to administrator inside its account. In the file, steps are indices into the summary's `steps` table
 * (a step is written once however many paths take it); the join reads them resolved (`S` = SummaryStep).
 */
export interface SummaryEscalation<S = number> {
  steps: S[];
  /** The administrator reached, or `any-permission` (it can grant itself anything). */
  reaches: string;
  level?: AdminLevel;
  conditional?: true;
}

/** One principal of another account a trust policy lets in. */
export interface TrustEntry {
  /** As the trust policy writes it: an account id, `arn:aws:iam::ID:root`, a role or user ARN, or `*`. */
  principal: string;
  /** `account`: any principal of that account its own policies allow; `principal`: that one only; `everyone`: `*`. */
  kind: 'account' | 'principal' | 'everyone';
  /** The trusted account, `*` for everyone. */
  account: string;
  /** The statement's Sid, or `#index`. */
  statement: string;
  /** The condition keys of the statement: the path holds only when they do. */
  conditions?: string[];
  /**
   * What the role account's resource control policies say to sts:AssumeRole from this principal (absent: they allow
   * it, or no RCP applies): `denied` ends the hop; `conditional` holds only when the RCP's conditions do.
   */
  rcp?: { outcome: 'denied' | 'conditional'; evidence: string };
}

/** A role of this account that principals of other accounts may assume. */
export interface TrustedRole<S = number> {
  arn: string;
  trusts: TrustEntry[];
  /** The role is an administrator of this account. */
  administrator?: AdminLevel;
  /** Otherwise its best path to administrator here, if any. */
  escalation?: SummaryEscalation<S>;
}

/** The resources of one statement about sts:AssumeRole. */
export interface GrantPattern {
  resources: string[];
  /** NotResource: every resource but these. */
  notResource?: true;
  conditional?: true;
  /** Which policy statement says it, for evidence. */
  evidence: string;
}

/** A principal of this account whose policies allow sts:AssumeRole on roles of other accounts. */
export interface Caller<S = number> {
  arn: string;
  allow: GrantPattern[];
  /** Unconditional Deny statements on sts:AssumeRole. */
  deny?: GrantPattern[];
  /** The permissions boundary's Allow statements on sts:AssumeRole, when it has a boundary. */
  boundary?: GrantPattern[];
  /**
   * The SCPs' Allow statements on sts:AssumeRole, one list per level from the root down, when SCPs apply to the
   * caller: at every level one must cover the role (their unconditional Denies are among `deny`).
   */
  scps?: GrantPattern[][];
  /**
   * The principals of this account that can become this one, each with its path; but the administrators and those
   * that surely can become one (`escalations` without conditions): an administrator can become any principal here.
   */
  reachedBy: { from: string; steps: S[] }[];
}

/** A principal that can become an administrator of its account (or grant itself any permission), and how. */
export interface SummaryEscalationFrom<S = number> extends SummaryEscalation<S> {
  from: string;
}

export interface AccountSummary<S = number> {
  format: typeof SUMMARY_FORMAT;
  version: typeof SUMMARY_FORMAT_VERSION;
  accountId: string;
  accountName?: string;
  collectedAt: string;
  /** How many principals the scan saw, and what it could not read (a partial scan says so). */
  principals: number;
  gaps: string[];
  trustedRoles: TrustedRole<S>[];
  callers: Caller<S>[];
  /** The users and roles that are administrators of the account: they may assume any role and become anyone here. */
  administrators: { arn: string; level: AdminLevel }[];
  /** Those that can become one: from here on, an administrator's reach is theirs. */
  escalations: SummaryEscalationFrom<S>[];
  /** Every step the paths above take, once (in the file; resolved summaries leave it empty). */
  steps: SummaryStep[];
}

/** A summary with its steps resolved, as the join reads it. */
export type ResolvedSummary = AccountSummary<SummaryStep>;

/** The summary as the join reads it: each step index replaced by the step (shared, not copied). */
export function resolveSteps(summary: AccountSummary): ResolvedSummary {
  const table = summary.steps;
  const steps = (indices: readonly number[]) => indices.map((i) => table[i]!);
  const escalation = <T extends SummaryEscalation>(e: T) => ({ ...e, steps: steps(e.steps) });
  return {
    ...summary,
    trustedRoles: summary.trustedRoles.map((role) => {
      const { escalation: path, ...rest } = role;
      return path ? { ...rest, escalation: escalation(path) } : rest;
    }),
    callers: summary.callers.map((caller) => ({
      ...caller,
      reachedBy: caller.reachedBy.map((r) => ({ from: r.from, steps: steps(r.steps) })),
    })),
    escalations: summary.escalations.map(escalation),
    steps: [],
  };
}
