/**
 * The Jira records of the state file: the rich text every flavour of Jira is rendered from, the issue to create,
 * and the outbox of requests not yet delivered. Jira being down never loses a request: it waits here, is
 * retried with backoff, and is taken off only once Jira has it.
 */
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

/** A run of text; `href` makes it a link. Jira's ADF allows `code` only together with a link, so neither flag mixes. */
export const inlineTextSchema = z.object({
  text: z.string().min(1),
  strong: z.boolean().optional(),
  code: z.boolean().optional(),
  href: z.url().optional(),
});

export const richBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: z.string().min(1) }),
  z.object({ type: z.literal('paragraph'), content: z.array(inlineTextSchema).min(1) }),
  z.object({ type: z.literal('bullets'), items: z.array(z.array(inlineTextSchema).min(1)).min(1) }),
  z.object({ type: z.literal('code'), language: z.string().optional(), text: z.string().min(1) }),
]);

/** Flavour-neutral rich text: rendered as ADF for Jira Cloud and as wiki markup for Data Center/Server. */
export const richTextSchema = z.array(richBlockSchema);

/** The issue Rightsize files for a finding, decided when it was requested (routing, priority, labels, text). */
export const issueDraftSchema = z.object({
  project: z.string().min(1),
  issueType: z.string().min(1),
  summary: z.string().min(1).max(255),
  priority: z.string().min(1),
  labels: z.array(z.string().min(1)),
  /** The label that ties the issue to its finding: a JQL search on it finds the issue when local state is lost. */
  findingLabel: z.string().min(1),
  assignee: z.string().optional(),
  component: z.string().optional(),
  description: richTextSchema,
});

export const JIRA_REQUEST_KINDS = ['create', 'resolved', 'reopened', 'muted'] as const;

const requestBase = {
  /** Unique; also the marker that makes a retried comment recognisable on the issue (no duplicates). */
  id: z.string().min(1),
  findingId: z.string().min(1),
  requestedAt: isoTime,
  requestedBy: z.object({ id: z.string().min(1), via: z.enum(['cli', 'slack', 'schedule', 'workflow']) }),
  attempts: z.number().int().min(0),
  /** Not retried by the scheduler before this time (backoff, or Jira's Retry-After). */
  nextAttemptAt: isoTime,
  lastAttemptAt: isoTime.optional(),
  /** Why the last attempt failed, in words a person can act on. */
  lastError: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
};

export const jiraRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    ...requestBase,
    kind: z.literal('create'),
    issue: issueDraftSchema,
    slackPermalink: z.url().optional(),
  }),
  z.object({
    ...requestBase,
    kind: z.enum(['resolved', 'reopened', 'muted']),
    comment: richTextSchema,
    /** The workflow transition to apply after the comment (none for mutes). */
    transition: z.string().min(1).optional(),
  }),
]);

export type InlineText = z.infer<typeof inlineTextSchema>;
export type RichBlock = z.infer<typeof richBlockSchema>;
export type RichText = z.infer<typeof richTextSchema>;
export type IssueDraft = z.infer<typeof issueDraftSchema>;
export type JiraRequestKind = (typeof JIRA_REQUEST_KINDS)[number];
export type JiraRequest = z.infer<typeof jiraRequestSchema>;
export type JiraCreateRequest = Extract<JiraRequest, { kind: 'create' }>;
export type JiraSyncRequest = Exclude<JiraRequest, { kind: 'create' }>;
