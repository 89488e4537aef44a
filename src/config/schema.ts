import { z } from 'zod';
import { GROUP_BY } from '../report/group.js';
import { DEFAULT_RULE_SETTINGS } from '../risks/settings.js';
import { SEVERITIES } from '../risks/types.js';
import { cronExpression, cronTimeZone } from './time-schemas.js';
import { workflowReferenceProblems, workflowSchema, workflowSettingsSchema } from './workflows.js';

// YAML reads unquoted digits as a number and drops leading zeros, so an account id must be a quoted string.
const accountId = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'required'
        : 'expected a 12-digit AWS account id in quotes (YAML reads unquoted digits as a number)',
  })
  .regex(/^\d{12}$/, 'expected a 12-digit AWS account id');

export const JIRA_FLAVOURS = ['cloud', 'server'] as const;

const slackUserOrGroup = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'expected a Slack user id (U…/W…) or user-group id (S…), as shown in its profile');

const days = (description: string) => z.number().int().min(1).max(3650).describe(description);

const accountSchema = z
  .strictObject({
    id: accountId.describe('AWS account id, 12 digits, quoted'),
    name: z
      .string()
      .min(1)
      .optional()
      .describe('short name used in messages and by `schedules[].accounts` (default: the id)'),
    roleArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
        'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
      )
      .optional()
      .describe('role Rightsize assumes to read the account (live collection)'),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2–1224 characters of letters, digits and +=,.@:/-')
      .optional()
      .describe('sts:ExternalId for the role; put `${ENV_VAR}` here to keep it out of the file'),
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region name such as eu-west-1'))
      .optional()
      .describe('regions to read EC2 and Lambda from (default: every enabled region)'),
    snapshot: z
      .string()
      .min(1)
      .optional()
      .describe('snapshot directory scanned for this account (relative to the config file)'),
  })
  .describe('AWS accounts to scan');

/** What a schedule's channel gets when its digest has nothing new, reopened or resolved. */
export const NO_CHANGE_ACTIONS = ['post', 'quiet', 'skip'] as const;
export type NoChangeAction = (typeof NO_CHANGE_ACTIONS)[number];

/** One digest per account, or one per AWS Organization with the cross-account paths. */
export const DIGEST_SCOPES = ['account', 'organization'] as const;
export type DigestScope = (typeof DIGEST_SCOPES)[number];

const scheduleSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('name in logs (default: `schedule-<n>`)'),
    cron: cronExpression().describe(
      'cron expression: minute hour day-of-month month day-of-week (optional seconds first)',
    ),
    timezone: cronTimeZone(),
    accounts: z.array(z.string().min(1)).optional().describe('account ids or names to scan (default: every account)'),
    channel: z
      .string()
      .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/, 'expected a Slack channel id (C…) or #channel-name')
      .optional()
      .describe('Slack channel for the digest'),
    groupBy: z.enum(GROUP_BY).default('risk').describe('how the digest groups findings'),
    minSeverity: z.enum(SEVERITIES).default('low').describe('leave findings below this severity out of the digest'),
    digest: z
      .enum(DIGEST_SCOPES)
      .default('account')
      .describe(
        '`account`: one digest per account; `organization`: one per AWS Organization (in `rightsize serve`): its accounts’ counts with their OU paths, then the cross-account paths of the organisation pass. Accounts outside any organisation keep their own digest',
      ),
    onNoChange: z
      .enum(NO_CHANGE_ACTIONS)
      .default('post')
      .describe(
        'when nothing in the digest changed since the channel’s last one: `post` a one-line note, `quiet` (the note in the last digest’s thread), or `skip`',
      ),
  })
  .describe('when to scan which accounts, and where the digest goes');

const d = DEFAULT_RULE_SETTINGS;
const rulesSchema = z
  .strictObject({
    unusedRoleDays: days('a role unused this long is flagged').default(d.unusedRoleDays),
    unusedUserDays: days('a user with no console login and no key use this long is flagged').default(d.unusedUserDays),
    unusedKeyDays: days('an active access key unused this long is flagged').default(d.unusedKeyDays),
    keyRotationDays: days('an active access key older than this is flagged for rotation').default(d.keyRotationDays),
    rootRecentUseDays: days('root use within this many days is flagged').default(d.rootRecentUseDays),
    trackingPeriodDays: days('usage window for provisioned-vs-used').default(d.trackingPeriodDays),
    permissionsGapShare: z
      .number()
      .gt(0)
      .max(1)
      .default(d.permissionsGapShare)
      .describe('share of provisioned services unused at which permissions-gap fires (0–1)'),
    permissionsGapMinServices: z
      .number()
      .int()
      .min(1)
      .default(d.permissionsGapMinServices)
      .describe('permissions-gap only considers principals with at least this many services'),
    trustedAccountIds: z
      .array(accountId)
      .default(d.trustedAccountIds)
      .describe('partner accounts trusted besides your own and your organisation'),
    guardrailScps: z
      .array(z.string().min(1).max(128))
      .default(d.guardrailScps)
      .describe('SCPs (by name) every member account must have between the root and itself (organization-guardrail)'),
    guardrailDeniedActions: z
      .array(
        z
          .string()
          .regex(/^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/i, 'expected an action such as organizations:LeaveOrganization'),
      )
      .default(d.guardrailDeniedActions)
      .describe('actions the SCPs of every member account must deny, e.g. organizations:LeaveOrganization'),
  })
  .prefault({})
  .describe('rule thresholds');

const jiraProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'expected a Jira project key such as SEC');

const teamSchema = z.strictObject({
  slack: slackUserOrGroup.optional().describe('Slack user or user group that owns the team’s resources'),
  jiraProject: jiraProjectKey.optional().describe('Jira project for the team’s issues'),
  jiraAssignee: z
    .string()
    .min(1)
    .optional()
    .describe('assignee of the team’s issues: the Atlassian account id (Cloud) or user name (Data Center/Server)'),
  jiraComponent: z
    .string()
    .min(1)
    .optional()
    .describe('Jira component set on the team’s issues (must exist in the project)'),
});

const ownershipSchema = z
  .strictObject({
    tagKeys: z
      .array(z.string().min(1).max(128))
      .min(1)
      .default(['owner', 'team'])
      .describe('resource tags naming the owning team, first match wins'),
    teams: z.record(z.string().min(1), teamSchema).default({}).describe('team (tag value) → Slack and Jira'),
  })
  .prefault({})
  .describe('who owns a resource');

const accessSchema = z
  .strictObject({
    approvers: z
      .array(slackUserOrGroup)
      .default([])
      .describe('may approve fixes on any resource, besides the owning team'),
    muters: z.array(slackUserOrGroup).default([]).describe('may mute findings, besides the approvers'),
  })
  .prefault({})
  .describe('who may approve fixes and mute findings');

const roleArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
    'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
  );

const fixesSchema = z
  .strictObject({
    approvalExpiryHours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .default(24)
      .describe('a fix request nobody approved within this many hours expires'),
    rollbackWindowHours: z
      .number()
      .int()
      .min(1)
      .max(8760)
      .default(72)
      .describe('how long after a fix its Rollback is offered'),
    allowSelfApproval: z
      .boolean()
      .default(false)
      .describe('let the person who requested a fix approve it (off: someone else must)'),
    roleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name')
      .optional()
      .describe(
        'remediation role assumed in each account as arn:aws:iam::<account>:role/<roleName> (deploy/remediation-policy.json)',
      ),
    roleArns: z
      .record(accountId, roleArn)
      .default({})
      .describe('remediation role ARN per account id; overrides roleName'),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2–1224 characters of letters, digits and +=,.@:/-')
      .optional()
      .describe('sts:ExternalId for the remediation role'),
  })
  .prefault({})
  .describe('Fix in AWS: approvals, rollback, the remediation role (none: the hub’s own credentials)');

// Jira labels cannot contain spaces; Jira rejects the issue otherwise.
const jiraLabel = z.string().regex(/^[^\s]{1,255}$/, 'expected a Jira label: no spaces, at most 255 characters');

const jiraSchema = z
  .strictObject({
    flavour: z
      .enum(JIRA_FLAVOURS)
      .describe(
        '`cloud` (REST v3, ADF; JIRA_EMAIL + JIRA_API_TOKEN) or `server` (Data Center/Server, REST v2, wiki markup; JIRA_PAT)',
      ),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'expected the Jira base URL, e.g. https://example.atlassian.net' })
      .describe('Jira base URL, e.g. `https://example.atlassian.net` or `https://jira.example.com`'),
    project: jiraProjectKey
      .optional()
      .describe(
        'project for findings whose resource has no team with a `jiraProject` (without it such findings cannot be filed)',
      ),
    issueType: z.string().min(1).default('Task').describe('issue type name of created issues'),
    priorities: z
      .strictObject({
        critical: z.string().min(1).default('Highest').describe('priority of critical findings'),
        high: z.string().min(1).default('High').describe('priority of high findings'),
        medium: z.string().min(1).default('Medium').describe('priority of medium findings'),
        low: z.string().min(1).default('Low').describe('priority of low findings'),
      })
      .prefault({})
      .describe('Jira priority name per finding severity'),
    transitions: z
      .strictObject({
        done: z
          .string()
          .min(1)
          .default('Done')
          .describe('transition (or target status) name used when a later scan shows the finding resolved'),
        reopen: z
          .string()
          .min(1)
          .default('Reopen')
          .describe('transition (or target status) name used when a resolved finding comes back'),
      })
      .prefault({})
      .describe('workflow transitions, matched by name, case-insensitively'),
    labels: z
      .array(jiraLabel)
      .default([])
      .describe('labels added to every issue, besides `rightsize`, the rule id and the account'),
    timeoutSeconds: z.number().int().min(1).max(300).default(30).describe('time limit of one Jira request'),
    retryCron: cronExpression()
      .default('*/5 * * * *')
      .describe('how often `rightsize schedule` retries Jira requests that failed (each waits out its own backoff)'),
  })
  .optional()
  .describe('Jira issues for findings (off without this section); secrets come from the environment');

export const configSchema = z
  .strictObject({
    stateFile: z
      .string()
      .min(1)
      .optional()
      .describe('state file (relative to the config file); `RIGHTSIZE_STATE` overrides'),
    accounts: z.array(accountSchema).default([]),
    schedules: z.array(scheduleSchema).default([]),
    rules: rulesSchema,
    ownership: ownershipSchema,
    access: accessSchema,
    fixes: fixesSchema,
    jira: jiraSchema,
    workflows: z.array(workflowSchema).default([]),
    workflowSettings: workflowSettingsSchema,
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.accounts.forEach((account, i) => {
      for (const key of new Set([account.id, account.name ?? account.id])) {
        const first = seen.get(key);
        if (first !== undefined && first !== i)
          ctx.addIssue({
            code: 'custom',
            path: ['accounts', i],
            message: `"${key}" is already used by accounts[${first}]`,
          });
        seen.set(key, i);
      }
    });
    // A schedule's name keys its logs, `workflows[].if.schedules` and the audit log (`schedule:<name>`): two
    // schedules of one name could not be told apart.
    const scheduleNames = new Map<string, number>();
    config.schedules.forEach((schedule, i) => {
      const name = schedule.name ?? `schedule-${i + 1}`;
      const first = scheduleNames.get(name);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'name'],
          message: `"${name}" is already the name of schedules[${first}]`,
        });
      else scheduleNames.set(name, i);
    });
    config.schedules.forEach((schedule, i) =>
      (schedule.accounts ?? []).forEach((ref, j) => {
        if (!seen.has(ref))
          ctx.addIssue({
            code: 'custom',
            path: ['schedules', i, 'accounts', j],
            message: `no account "${ref}" in accounts (ids and names: ${[...seen.keys()].join(', ') || 'none'})`,
          });
      }),
    );
    for (const problem of workflowReferenceProblems({
      workflows: config.workflows,
      workflowSettings: config.workflowSettings,
      knownAccounts: new Set(seen.keys()),
      knownSchedules: config.schedules.map((s, i) => s.name ?? `schedule-${i + 1}`),
    }))
      ctx.addIssue({ code: 'custom', ...problem });
  });

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type AccountConfig = ParsedConfig['accounts'][number];
export type ScheduleConfig = ParsedConfig['schedules'][number];
export type FixesConfig = ParsedConfig['fixes'];
export type JiraConfig = NonNullable<ParsedConfig['jira']>;
export type TeamConfig = ParsedConfig['ownership']['teams'][string];
