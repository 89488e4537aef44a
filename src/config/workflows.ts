import { z } from 'zod';
import { RULES } from '../risks/rules/index.js';
import { RESOURCE_TYPES, SEVERITIES } from '../risks/types.js';
import { cronExpressionProblem, timeZoneProblem } from '../schedule/cron-expression.js';

export const FINDING_EVENTS = ['finding.new', 'finding.resolved', 'finding.reopened'] as const;
export const SCAN_EVENTS = ['scan.finished', 'scan.failed'] as const;
export type FindingEventName = (typeof FINDING_EVENTS)[number] | 'finding.age';
export type ScanEventName = (typeof SCAN_EVENTS)[number];

/** What starts a workflow: a lifecycle change of a finding, a finding open longer than N days, or a scan. */
export type Trigger =
  { event: (typeof FINDING_EVENTS)[number] | ScanEventName } | { event: 'finding.age'; days: number };

const AGE = /^finding\.age\s*>\s*(\d+)\s*(?:d|days?)?$/;
const TRIGGER_HELP = `expected one of ${[...FINDING_EVENTS, ...SCAN_EVENTS].join(', ')}, or "finding.age > N days"`;

/** `finding.new` or `finding.age > 14 days`, as written in the file. */
export function parseTrigger(text: string): Trigger | undefined {
  const value = text.trim();
  if ((FINDING_EVENTS as readonly string[]).includes(value) || (SCAN_EVENTS as readonly string[]).includes(value))
    return { event: value as Exclude<Trigger['event'], 'finding.age'> };
  const age = AGE.exec(value);
  if (age) return { event: 'finding.age', days: Number(age[1]) };
  return undefined;
}

export function isFindingTrigger(trigger: Trigger): boolean {
  return trigger.event.startsWith('finding.');
}

export function describeTrigger(trigger: Trigger): string {
  return trigger.event === 'finding.age' ? `finding.age > ${trigger.days} days` : trigger.event;
}

const triggerSchema = z.string().transform((text, ctx) => {
  const trigger = parseTrigger(text);
  if (!trigger) {
    ctx.addIssue({ code: 'custom', message: `${TRIGGER_HELP} (got "${text}")` });
    return z.NEVER;
  }
  if (trigger.event === 'finding.age' && (trigger.days < 1 || trigger.days > 3650)) {
    ctx.addIssue({ code: 'custom', message: 'finding.age takes 1 to 3650 days' });
    return z.NEVER;
  }
  return trigger;
});

const RULE_IDS = RULES.map((r) => r.id);

const conditionSchema = z
  .strictObject({
    rules: z
      .array(
        z.string().refine((id) => RULE_IDS.includes(id), {
          error: (issue) => `unknown rule "${String(issue.input)}"; rules: ${RULE_IDS.join(', ')}`,
        }),
      )
      .min(1)
      .optional()
      .describe('only findings of these rules'),
    minSeverity: z.enum(SEVERITIES).optional().describe('only findings of this severity or worse'),
    accounts: z.array(z.string().min(1)).min(1).optional().describe('only these accounts (ids or names)'),
    schedules: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('only events of scans these schedules ran (e.g. a weekly one for a weekly digest)'),
    resourceTypes: z.array(z.enum(RESOURCE_TYPES)).min(1).optional().describe('only these resource types'),
    tags: z
      .record(z.string().min(1).max(128), z.string().max(256))
      .optional()
      .describe('only resources with all these tags (value `*`: any value)'),
    owners: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('only resources owned by these teams (`ownership` tag value) or Slack ids'),
    newOnly: z
      .boolean()
      .default(false)
      .describe('only findings first seen after their account’s baseline scan (not the inventory found on day one)'),
  })
  .prefault({})
  .describe('filters: every one given must match');

const slackChannel = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/, 'expected a Slack channel id (C…) or #channel-name');

const onFailure = z
  .enum(['continue', 'stop'])
  .default('continue')
  .describe('when this action fails: go on with the next one (default) or stop this run');

const actionSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('post-to-channel'),
      channel: slackChannel.describe('where to post (the bot must be in the channel)'),
      onFailure,
    }),
    z.strictObject({
      action: z.literal('dm-owner'),
      fallbackChannel: slackChannel
        .optional()
        .describe('posted here (mentioning the team) when the owner is a user group or unknown'),
      onFailure,
    }),
    z.strictObject({
      action: z.literal('mute'),
      days: z.number().int().min(1).max(365).describe('how long the mute lasts'),
      reason: z.string().trim().min(1).describe('why, for the audit log'),
      onFailure,
    }),
    z.strictObject({
      action: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).describe('where the JSON is POSTed'),
      secret: z
        .string()
        .min(16, 'use at least 16 characters; put `${ENV_VAR}` here to keep it out of the file')
        .describe('HMAC-SHA256 key for the X-Rightsize-Signature header; `${ENV_VAR}`'),
      timeoutSeconds: z.number().min(1).max(60).default(10).describe('per attempt'),
      retries: z.number().int().min(0).max(10).default(3).describe('retries after a failed attempt, with backoff'),
      onFailure,
    }),
    z.strictObject({
      action: z.literal('create-jira-issue'),
      project: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'expected a Jira project key such as SEC')
        .optional()
        .describe('Jira project (default: the owning team’s `jiraProject`)'),
      onFailure,
    }),
    z.strictObject({ action: z.literal('request-fix-approval'), onFailure }),
    z.strictObject({
      action: z.literal('apply-fix'),
      notify: z
        .union([z.literal('owner'), slackChannel])
        .default('owner')
        .describe('who is told what changed, with a Rollback button: `owner` (DM) or a channel'),
      onFailure,
    }),
  ],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const given = (issue.input as { action?: unknown } | undefined)?.action;
      return `expected action: one of ${ACTION_NAMES.join(', ')}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
    },
  },
);

export const ACTION_NAMES = [
  'post-to-channel',
  'dm-owner',
  'mute',
  'webhook',
  'create-jira-issue',
  'request-fix-approval',
  'apply-fix',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** Actions about one finding; a scan event has none to act on. */
export const FINDING_ONLY_ACTIONS: readonly ActionName[] = [
  'dm-owner',
  'mute',
  'create-jira-issue',
  'request-fix-approval',
  'apply-fix',
];

export const workflowSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a short kebab-case name such as critical-to-jira')
      .describe('unique name, used in logs, the audit log and `rightsize workflows test <name>`'),
    when: triggerSchema.describe(
      'finding.new, finding.resolved, finding.reopened, `finding.age > N days`, scan.finished or scan.failed',
    ),
    if: conditionSchema,
    then: z.array(actionSchema).min(1).describe('actions, in order'),
    enabled: z.boolean().default(true).describe('false keeps the workflow in the file without running it'),
  })
  .describe('automated workflows: when an event happens and the filters match, run the actions');

export const workflowSettingsSchema = z
  .strictObject({
    automaticFixes: z
      .array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a fix kind such as deactivate-access-key'))
      .default([])
      .describe('fix kinds `apply-fix` may apply without a person (only reversible ones); empty: none'),
    rateLimit: z
      .strictObject({
        maxRuns: z.number().int().min(1).max(10_000).default(50).describe('at most this many workflow runs…'),
        perMinutes: z.number().int().min(1).max(10_080).default(60).describe('…within this many minutes'),
      })
      .prefault({})
      .describe('runs beyond the limit are skipped and reported (finding.age ones come back on a later check)'),
    ageCheck: z
      .strictObject({
        cron: z
          .string()
          .default('0 * * * *')
          .superRefine((value, ctx) => {
            const problem = cronExpressionProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .describe('when `finding.age` workflows look at open findings'),
        timezone: z
          .string()
          .default('UTC')
          .superRefine((value, ctx) => {
            const problem = timeZoneProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .describe('IANA time zone of the cron expression'),
      })
      .prefault({})
      .describe('finding.age workflows also run after every scan'),
  })
  .prefault({})
  .describe('limits and allow-lists for every workflow');

export type WorkflowConfig = z.output<typeof workflowSchema>;
export type WorkflowAction = WorkflowConfig['then'][number];
export type WorkflowCondition = WorkflowConfig['if'];
export type WorkflowSettings = z.output<typeof workflowSettingsSchema>;

/** Problems between workflows and the rest of the file, as (key path, message) pairs. */
export function workflowReferenceProblems(config: {
  workflows: readonly WorkflowConfig[];
  workflowSettings: WorkflowSettings;
  knownAccounts: ReadonlySet<string>;
  knownSchedules: readonly string[];
}): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const names = new Map<string, number>();
  config.workflows.forEach((workflow, i) => {
    const first = names.get(workflow.name);
    if (first !== undefined)
      problems.push({
        path: ['workflows', i, 'name'],
        message: `"${workflow.name}" is already used by workflows[${first}]`,
      });
    else names.set(workflow.name, i);
    (workflow.if.accounts ?? []).forEach((ref, j) => {
      if (!config.knownAccounts.has(ref))
        problems.push({
          path: ['workflows', i, 'if', 'accounts', j],
          message: `no account "${ref}" in accounts (ids and names: ${[...config.knownAccounts].join(', ') || 'none'})`,
        });
    });
    (workflow.if.schedules ?? []).forEach((ref, j) => {
      if (!config.knownSchedules.includes(ref))
        problems.push({
          path: ['workflows', i, 'if', 'schedules', j],
          message: `no schedule "${ref}" in schedules (names: ${config.knownSchedules.join(', ') || 'none'})`,
        });
    });
    if (workflow.if.schedules && workflow.when.event === 'finding.age')
      problems.push({
        path: ['workflows', i, 'if', 'schedules'],
        message: 'finding.age comes from the age check, not from a scan; `schedules` cannot match it',
      });
    const onScan = !isFindingTrigger(workflow.when);
    if (onScan && workflow.when.event === 'scan.failed' && hasFindingFilters(workflow.if))
      problems.push({
        path: ['workflows', i, 'if'],
        message: 'scan.failed has no findings to filter; only `accounts` and `schedules` apply',
      });
    workflow.then.forEach((action, j) => {
      if (onScan && FINDING_ONLY_ACTIONS.includes(action.action))
        problems.push({
          path: ['workflows', i, 'then', j, 'action'],
          message: `${action.action} acts on one finding; ${workflow.when.event} is about a scan (use a finding.* trigger)`,
        });
      if (action.action === 'apply-fix' && config.workflowSettings.automaticFixes.length === 0)
        problems.push({
          path: ['workflows', i, 'then', j, 'action'],
          message: 'apply-fix needs the fix kinds it may apply in workflowSettings.automaticFixes',
        });
    });
  });
  return problems;
}

/** Whether a condition says anything about findings (beyond the account). */
export function hasFindingFilters(condition: WorkflowCondition): boolean {
  return Boolean(
    condition.rules ??
    condition.minSeverity ??
    condition.resourceTypes ??
    condition.tags ??
    condition.owners ??
    condition.newOnly,
  );
}
