/**
 * The state file's shape, as zod schemas (what `rightsize state check` validates against) and the types they
 * infer (what the code uses): one definition, so the check and the code cannot drift apart.
 */
import { z } from 'zod';
import { RESOURCE_TYPES, SEVERITIES } from '../risks/types.js';
import { jiraRequestSchema, type JiraRequest } from './jira-records.js';

/** Bumped whenever the stored shape changes; src/store/migrate.ts brings older files up to it. */
export const SCHEMA_VERSION = 5;

const isoTime = z.iso.datetime({ offset: true });
const severity = z.enum(SEVERITIES);

/** Who did something and through which surface: the audit log's "who" and "from where". */
export const actorSchema = z.object({
  /** A Slack user id, a CLI user name, or `scheduler`. */
  id: z.string().min(1),
  via: z.enum(['cli', 'slack', 'schedule', 'workflow']),
});

export const FINDING_STATUSES = ['open', 'resolved', 'muted'] as const;

/** A finding as the store remembers it: identity and headline (evidence comes from the scan) and lifecycle. */
export const findingRecordSchema = z.object({
  id: z.string().min(1),
  accountId: z.string(),
  ruleId: z.string(),
  severity,
  resourceArn: z.string(),
  resourceType: z.enum(RESOURCE_TYPES),
  resourceName: z.string(),
  title: z.string(),
  status: z.enum(FINDING_STATUSES),
  firstSeen: isoTime,
  lastSeen: isoTime,
  /** Set while resolved: when a scan no longer found it. */
  resolvedAt: isoTime.optional(),
  /** How often it came back after being resolved. */
  reopenedCount: z.number().int().min(0),
  /** Set by the scan that last reopened it (workflows tell that scan's reopened findings by it). */
  reopenedAt: isoTime.optional(),
  /** The resource's tags as the last scan saw them (workflow filters, the owning team). */
  tags: z.record(z.string(), z.string()).optional(),
});

export const muteSchema = z.object({
  findingId: z.string().min(1),
  by: actorSchema,
  reason: z.string().min(1),
  at: isoTime,
  /** After this time the finding counts again. */
  until: isoTime,
});

const severityCounts = z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() });

export const scanRecordSchema = z.object({
  id: z.string().min(1),
  accountId: z.string(),
  startedAt: isoTime,
  finishedAt: isoTime,
  durationMs: z.number().min(0),
  /** When the snapshot was collected (may be older than the scan). */
  collectedAt: z.string(),
  /** Where the snapshot came from, e.g. `snapshot directory /data/prod`. */
  source: z.string(),
  /** The first recorded scan of the account: its findings are the baseline, not "new". */
  baseline: z.boolean(),
  counts: z.object({
    /** Findings the scan produced, muted ones included. */
    total: z.number(),
    new: z.number(),
    reopened: z.number(),
    resolved: z.number(),
    muted: z.number(),
    /** Open (not muted) findings of the scan. */
    bySeverity: severityCounts,
  }),
  gaps: z.array(
    z.object({
      source: z.string(),
      reason: z.enum(['missing', 'access-denied', 'throttled', 'region-disabled', 'incomplete', 'error']),
      message: z.string(),
      api: z.string().optional(),
      region: z.string().optional(),
    }),
  ),
  /** Rules that could not run or ran on part of the data. */
  notices: z.array(z.object({ ruleId: z.string(), message: z.string() })),
});

export const AUDIT_ACTIONS = [
  'scan',
  'mute',
  'unmute',
  'mute-expired',
  'repair',
  'fix-request',
  'approve',
  'reject',
  'approval-expired',
  'fix',
  'fix-failed',
  'rollback',
  'jira',
  'workflow',
] as const;

export const auditEntrySchema = z.object({
  at: isoTime,
  actor: actorSchema,
  action: z.enum(AUDIT_ACTIONS),
  /** A finding id, scan id or account id. */
  subject: z.string(),
  detail: z.string().optional(),
});

/** A Slack message about a fix request; its thread records every step. */
const slackThreadSchema = z.object({
  channel: z.string().min(1),
  ts: z.string().min(1),
  /** The approval DM (with Approve / Reject) or the requester's copy. */
  role: z.enum(['approver', 'requester']),
  /** The reply in this thread that carries the fix's result and its Rollback button, once applied. */
  resultTs: z.string().min(1).optional(),
});

/** A request to apply a fix plan and the owner's answer (filled by the approval workflow). */
export const approvalRecordSchema = z.object({
  id: z.string().min(1),
  findingId: z.string().min(1),
  requestedBy: actorSchema,
  requestedAt: isoTime,
  /** The Slack user or user group asked to decide. */
  approver: z.string().min(1),
  /** Everyone who may decide (owner, fallback approvers); `approver` first. */
  approvers: z.array(z.string().min(1)).optional(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
  /** A pending request can no longer be approved after this. */
  expiresAt: isoTime.optional(),
  decidedBy: actorSchema.optional(),
  decidedAt: isoTime.optional(),
  comment: z.string().optional(),
  accountId: z.string().optional(),
  /** The fix plan as approved (src/remediate FixPlan): what is applied is exactly what was seen. */
  plan: z.record(z.string(), z.unknown()).optional(),
  /** The Slack messages (approvers' DMs, the requester's) whose threads show every step. */
  threads: z.array(slackThreadSchema).optional(),
});

/** The Jira issue opened for a finding: a later scan comments on recurrence and closes it when resolved. */
export const jiraLinkSchema = z.object({
  findingId: z.string().min(1),
  issueKey: z.string().regex(/^[A-Z][A-Z0-9_]+-\d+$/),
  url: z.url(),
  createdAt: isoTime,
  status: z.enum(['open', 'done']),
  lastSyncedAt: isoTime.optional(),
  /** `created` by Rightsize, or `found`: an issue already labelled for the finding (the local link had been lost). */
  origin: z.enum(['created', 'found']).optional(),
  requestedBy: actorSchema.optional(),
  /** The Slack message the request came from, linked in the description. */
  slackPermalink: z.url().optional(),
});

const callRecordSchema = z.object({
  call: z.object({ api: z.string(), params: z.record(z.string(), z.unknown()) }),
  ok: z.boolean(),
  error: z.string().optional(),
});

/** One applied fix: enough to verify it and to roll it back. */
export const fixRecordSchema = z.object({
  id: z.string().min(1),
  findingId: z.string().min(1),
  approvalId: z.string().optional(),
  appliedBy: actorSchema,
  appliedAt: isoTime,
  /** What changed, in the fix plan's words (e.g. `detach policy X from role Y`). */
  summary: z.string(),
  /** The previous state as the AWS API returned it, restored on rollback. */
  previous: z.unknown(),
  /**
   * - verified: applied, and AWS reads back exactly as planned
   * - verify-failed: applied, but AWS reads back differently (see `differences`)
   * - failed: a call failed; what was applied before it was rolled back (see `rollback`)
   * - aborted: the resource changed since the plan was made (drift); nothing was applied
   * - rolled-back / rollback-failed: after a rollback
   */
  status: z.enum(['applied', 'verified', 'verify-failed', 'failed', 'aborted', 'rolled-back', 'rollback-failed']),
  rolledBackAt: isoTime.optional(),
  rolledBackBy: actorSchema.optional(),
  accountId: z.string().optional(),
  approvedBy: actorSchema.optional(),
  /** The plan applied (src/remediate FixPlan). */
  plan: z.record(z.string(), z.unknown()).optional(),
  /** The state read back after the fix. */
  after: z.unknown().optional(),
  calls: z.array(callRecordSchema).optional(),
  /** The id AWS gave a policy version the fix created. */
  createdVersion: z.string().optional(),
  /** Where the resource read back differently from the plan. */
  differences: z.array(z.string()).optional(),
  /** The finding's rule re-run on the changed resource. */
  reevaluation: z
    .object({ resolved: z.boolean(), severity: z.string().optional(), title: z.string().optional() })
    .optional(),
  error: z.string().optional(),
  rollback: z
    .object({
      status: z.enum(['rolled-back', 'rollback-failed']),
      calls: z.array(callRecordSchema),
      differences: z.array(z.string()),
      error: z.string().optional(),
    })
    .optional(),
  /** Rollback is offered until then. */
  rollbackUntil: isoTime.optional(),
});

/**
 * What a Slack channel was last shown about an account: the next digest there lists what is new, reopened and
 * resolved since, and the first one a channel gets is its baseline.
 */
export const channelDigestSchema = z.object({
  /** The channel's id (C…), as Slack answered the post. */
  channel: z.string().min(1),
  /** Other names the channel was given as (a schedule's `#name`), so the next digest finds this one. */
  aliases: z.array(z.string().min(1)).optional(),
  accountId: z.string().min(1),
  /** When the scan it showed ran: findings first seen or reopened after it are new to the channel. */
  at: isoTime,
  /** The recorded scan it showed. */
  scanId: z.string().optional(),
  /** Every finding that scan reported, muted ones too: what the next digest compares with. */
  findingIds: z.array(z.string().min(1)),
  /** The channel message of the last full digest: a quiet "no change" goes into its thread. */
  ts: z.string().min(1).optional(),
});

export const WORKFLOW_RUN_STATUSES = ['running', 'ok', 'partial', 'failed', 'interrupted', 'rate-limited'] as const;

/** One run of a workflow for one event: what each action did. The last runs are kept; the audit log keeps all. */
export const workflowRunSchema = z.object({
  id: z.string().min(1),
  workflow: z.string().min(1),
  /** The trigger, e.g. `finding.new` or `finding.age > 14 days`. */
  trigger: z.string(),
  /** Identifies the event: the same workflow never runs twice for one key. */
  eventKey: z.string(),
  /** The finding id, scan id or account id the event is about, and how people call it. */
  subject: z.string(),
  subjectLabel: z.string(),
  accountId: z.string(),
  startedAt: isoTime,
  finishedAt: isoTime.optional(),
  status: z.enum(WORKFLOW_RUN_STATUSES),
  steps: z.array(
    z.object({
      action: z.string(),
      status: z.enum(['ok', 'failed', 'skipped']),
      detail: z.string(),
    }),
  ),
});

/** That a workflow fired for an event; checked before every run, so restarts never fire it again. */
export const workflowFiredSchema = z.object({
  workflow: z.string().min(1),
  eventKey: z.string().min(1),
  at: isoTime,
  runId: z.string().min(1),
});

export const COLLECTIONS = {
  scans: 'list',
  findings: 'map',
  mutes: 'map',
  audit: 'list',
  approvals: 'list',
  jiraLinks: 'map',
  fixes: 'list',
  jiraOutbox: 'list',
  workflowRuns: 'list',
  workflowFired: 'list',
  channelDigests: 'list',
} as const;
export type CollectionName = keyof typeof COLLECTIONS;

/** Each record's schema: `state check` validates record by record so one bad record does not hide the rest. */
export const RECORD_SCHEMAS = {
  scans: scanRecordSchema,
  findings: findingRecordSchema,
  mutes: muteSchema,
  audit: auditEntrySchema,
  approvals: approvalRecordSchema,
  jiraLinks: jiraLinkSchema,
  fixes: fixRecordSchema,
  jiraOutbox: jiraRequestSchema,
  workflowRuns: workflowRunSchema,
  workflowFired: workflowFiredSchema,
  channelDigests: channelDigestSchema,
} satisfies Record<CollectionName, z.ZodType>;

export type Actor = z.infer<typeof actorSchema>;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export type FindingRecord = z.infer<typeof findingRecordSchema>;
export type Mute = z.infer<typeof muteSchema>;
export type ScanRecord = z.infer<typeof scanRecordSchema>;
export type ScanCounts = ScanRecord['counts'];
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;
export type JiraLink = z.infer<typeof jiraLinkSchema>;
export type FixRecord = z.infer<typeof fixRecordSchema>;
export type WorkflowRunRecord = z.infer<typeof workflowRunSchema>;
export type WorkflowRunStatus = WorkflowRunRecord['status'];
export type WorkflowStep = WorkflowRunRecord['steps'][number];
export type WorkflowFired = z.infer<typeof workflowFiredSchema>;
export type ChannelDigest = z.infer<typeof channelDigestSchema>;

export interface StateData {
  schemaVersion: number;
  scans: ScanRecord[];
  /** By finding id: one lookup per finding when a scan is recorded. */
  findings: Record<string, FindingRecord>;
  /** Active mutes by finding id; past mutes live on in the audit log. */
  mutes: Record<string, Mute>;
  audit: AuditEntry[];
  approvals: ApprovalRecord[];
  /** By finding id. */
  jiraLinks: Record<string, JiraLink>;
  fixes: FixRecord[];
  /** Jira requests not delivered yet, oldest first; each finding's requests are delivered in order. */
  jiraOutbox: JiraRequest[];
  /** The latest workflow runs, oldest first. */
  workflowRuns: WorkflowRunRecord[];
  workflowFired: WorkflowFired[];
  /** What each channel was last shown, one record per channel and account. */
  channelDigests: ChannelDigest[];
}

export function emptyState(): StateData {
  return {
    schemaVersion: SCHEMA_VERSION,
    scans: [],
    findings: {},
    mutes: {},
    audit: [],
    approvals: [],
    jiraLinks: {},
    fixes: [],
    jiraOutbox: [],
    workflowRuns: [],
    workflowFired: [],
    channelDigests: [],
  };
}
