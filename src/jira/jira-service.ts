import { randomUUID } from 'node:crypto';
import type { JiraConfig, RightsizeConfig } from '../config/index.js';
import { JiraError, type JiraFailureKind } from '../errors.js';
import {
  completeJiraRequest,
  deferJiraRequest,
  discardJiraRequest,
  enqueueJiraRequest,
  pendingCreate,
  tracksJiraIssue,
  type Actor,
  type FindingRecord,
  type JiraCreateRequest,
  type JiraLink,
  type JiraRequest,
  type JiraSyncRequest,
  type Mute,
  type ScanDiff,
  type StateStore,
} from '../store/index.js';
import { nextAttemptAt } from './backoff.js';
import type { JiraGateway } from './gateway.js';
import { buildIssueDraft, findingLabel, type FindingDetails } from './issue-draft.js';
import { mutedComment, reopenedComment, requestMarker, resolvedComment } from './lifecycle-comments.js';
import { routeIssue } from './routing.js';

export interface JiraServiceOptions {
  store: StateStore;
  gateway: JiraGateway;
  config: Pick<RightsizeConfig, 'ownership'> & { jira: JiraConfig };
  /** The finding's evidence, tags and suggested-policy diff (a scan of its snapshot; see issue-evidence.ts). */
  details: (record: FindingRecord) => Promise<FindingDetails>;
  now: () => Date;
  newId?: () => string;
}

export interface CreateIssueOptions {
  requestedBy: Actor;
  /** The Slack message the request came from; linked in the description. */
  slackPermalink?: string;
  /** A project chosen by the caller (a workflow's `project`), instead of the owner's or the default. */
  project?: string;
}

/** What a person sees after asking for an issue: the issue, or why it is not there yet and that it will be. */
export type JiraIssueOutcome =
  | { outcome: 'created' | 'existing'; findingId: string; key: string; url: string }
  | {
      outcome: 'queued';
      findingId: string;
      requestId: string;
      attempts: number;
      nextAttemptAt: string;
      error: { code: string; message: string; hint?: string };
    };

export interface DeliveryReport {
  delivered: { request: JiraRequest; key: string; detail: string }[];
  failed: { request: JiraRequest; error: JiraError }[];
  /** Requests still in the outbox afterwards. */
  pending: number;
}

// Failures that say nothing about one request but about Jira as a whole: stop the round, keep the rest queued.
const JIRA_WIDE: readonly JiraFailureKind[] = ['unreachable', 'unauthorized', 'rate-limited', 'unavailable'];

interface Round {
  dueOnly: boolean;
  halted: boolean;
  report: DeliveryReport;
}

/**
 * Jira issues for findings, kept in step with their lifecycle. Every request goes to the state's outbox first
 * and leaves it only when Jira has it, so a failure (Jira down, bad credentials, unknown project, rate limits)
 * loses nothing: the scheduler retries with backoff. No duplicates: the finding's link is checked first, a JQL
 * search on the finding's label covers a lost state, retried comments carry a marker, and transitions check the
 * issue's status; one finding's requests are delivered one at a time, in order.
 */
export class JiraService {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #newId: () => string;

  constructor(private readonly options: JiraServiceOptions) {
    this.#newId = options.newId ?? randomUUID;
  }

  /** The finding's issue (or the request waiting to create it): what `rightsize jira <finding>` shows first. */
  issueOf(ref: string): { finding: FindingRecord; link?: JiraLink; pending: JiraRequest[] } {
    const finding = this.options.store.finding(ref);
    const data = this.options.store.data;
    return {
      finding,
      ...(data.jiraLinks[finding.id] && { link: data.jiraLinks[finding.id] }),
      pending: data.jiraOutbox.filter((r) => r.findingId === finding.id),
    };
  }

  /** Requests waiting for Jira, oldest first. */
  pending(): JiraRequest[] {
    return [...this.options.store.data.jiraOutbox];
  }

  /**
   * Creates the finding's issue, or returns the one it has. When Jira cannot take it now, the request is kept and
   * the outcome says why (`queued`); asking again never queues a second request.
   */
  async createIssueForFinding(ref: string, options: CreateIssueOptions): Promise<JiraIssueOutcome> {
    const { store, now } = this.options;
    const record = store.finding(ref);
    const existing = store.data.jiraLinks[record.id];
    if (existing) return { outcome: 'existing', findingId: record.id, key: existing.issueKey, url: existing.url };
    if (!pendingCreate(store.data, record.id)) {
      const details = await this.options.details(record);
      const routed = routeIssue(details.tagSets, this.options.config.ownership, {
        project: options.project ?? this.options.config.jira.project,
      });
      const route = options.project ? { ...routed, project: options.project } : routed;
      const issue = buildIssueDraft(details, {
        route,
        jira: this.options.config.jira,
        record,
        ...(options.slackPermalink && { slackPermalink: options.slackPermalink }),
      });
      const at = now().toISOString();
      await store.update((data) => {
        // Checked again inside the update: another process may have queued it meanwhile.
        if (data.jiraLinks[record.id] || pendingCreate(data, record.id)) return;
        const request: JiraCreateRequest = {
          id: this.#newId(),
          findingId: record.id,
          kind: 'create',
          requestedAt: at,
          requestedBy: options.requestedBy,
          attempts: 0,
          nextAttemptAt: at,
          issue,
          ...(options.slackPermalink && { slackPermalink: options.slackPermalink }),
        };
        enqueueJiraRequest(data, request);
      });
    }
    const round = this.#round(false);
    await this.#deliverFinding(record.id, round);
    const link = store.data.jiraLinks[record.id];
    // Created only by this very call; a concurrent click that waited for it, or a label search, finds it existing.
    const createdNow = round.report.delivered.some((d) => d.request.kind === 'create') && link?.origin === 'created';
    if (link)
      return {
        outcome: createdNow ? 'created' : 'existing',
        findingId: record.id,
        key: link.issueKey,
        url: link.url,
      };
    const waiting = pendingCreate(store.data, record.id)!;
    return {
      outcome: 'queued',
      findingId: record.id,
      requestId: waiting.id,
      attempts: waiting.attempts,
      nextAttemptAt: waiting.nextAttemptAt,
      error: waiting.lastError ?? { code: 'JIRA_WAITING', message: 'waiting for an earlier request of this finding' },
    };
  }

  /** After a recorded scan: comment and transition the issues of resolved and reopened findings. */
  async afterScan(diff: ScanDiff, actor: Actor): Promise<DeliveryReport> {
    const { jira } = this.options.config;
    const queued = await this.options.store.update((data) => {
      const findings: string[] = [];
      const add = (record: FindingRecord, kind: 'resolved' | 'reopened') => {
        if (!tracksJiraIssue(data, record.id)) return;
        const id = this.#newId();
        const request: JiraSyncRequest = {
          ...this.#requestBase(id, record.id, actor),
          kind,
          comment:
            kind === 'resolved' ? resolvedComment(record, diff.scan.id, id) : reopenedComment(record, diff.scan.id, id),
          transition: kind === 'resolved' ? jira.transitions.done : jira.transitions.reopen,
        };
        enqueueJiraRequest(data, request);
        findings.push(record.id);
      };
      diff.resolved.forEach((r) => add(r, 'resolved'));
      diff.reopened.forEach((r) => add(r, 'reopened'));
      return findings;
    });
    return this.#deliver(queued, this.#round(false));
  }

  /** After a mute: a comment on the finding's issue, if it has one. */
  async afterMute(finding: FindingRecord, mute: Mute): Promise<DeliveryReport> {
    const queued = await this.options.store.update((data) => {
      if (!tracksJiraIssue(data, finding.id)) return [];
      const id = this.#newId();
      enqueueJiraRequest(data, {
        ...this.#requestBase(id, finding.id, mute.by),
        kind: 'muted',
        comment: mutedComment(finding, mute, id),
      });
      return [finding.id];
    });
    return this.#deliver(queued, this.#round(false));
  }

  /** Delivers waiting requests: those whose backoff has passed (the scheduler), or all of them (`jira sync`). */
  retryPending(options: { dueOnly: boolean }): Promise<DeliveryReport> {
    const findings = [...new Set(this.options.store.data.jiraOutbox.map((r) => r.findingId))];
    return this.#deliver(findings, this.#round(options.dueOnly));
  }

  async #deliver(findingIds: readonly string[], round: Round): Promise<DeliveryReport> {
    for (const findingId of new Set(findingIds)) await this.#deliverFinding(findingId, round);
    round.report.pending = this.options.store.data.jiraOutbox.length;
    return round.report;
  }

  #round(dueOnly: boolean): Round {
    return { dueOnly, halted: false, report: { delivered: [], failed: [], pending: 0 } };
  }

  /** One finding's requests, in order, one delivery at a time per finding (a double click waits for the first). */
  async #deliverFinding(findingId: string, round: Round): Promise<void> {
    const running = this.#inFlight.get(findingId);
    if (running) return running;
    const run = this.#drain(findingId, round).finally(() => this.#inFlight.delete(findingId));
    this.#inFlight.set(findingId, run);
    return run;
  }

  async #drain(findingId: string, round: Round): Promise<void> {
    for (;;) {
      if (round.halted) return;
      const head = this.options.store.data.jiraOutbox.find((r) => r.findingId === findingId);
      if (!head) return;
      if (round.dueOnly && Date.parse(head.nextAttemptAt) > this.options.now().getTime()) return;
      try {
        const delivered = head.kind === 'create' ? await this.#create(head) : await this.#sync(head);
        if (delivered) round.report.delivered.push({ request: head, ...delivered });
      } catch (e) {
        if (!(e instanceof JiraError)) throw e;
        const now = this.options.now();
        const deferred = await this.options.store.update((data) =>
          deferJiraRequest(data, head.id, {
            at: now,
            nextAttemptAt: nextAttemptAt(now, head.attempts + 1, e.retryAfterMs),
            code: e.code,
            message: e.message,
            ...(e.hint !== undefined && { hint: e.hint }),
          }),
        );
        round.report.failed.push({ request: deferred ?? head, error: e });
        if (JIRA_WIDE.includes(e.kind)) round.halted = true;
        return;
      }
    }
  }

  async #create(request: JiraCreateRequest): Promise<{ key: string; detail: string }> {
    const { gateway, store, now } = this.options;
    // The search covers a lost state and an earlier attempt whose answer never arrived.
    const found = await gateway.findIssueByLabel(request.issue.findingLabel);
    const issue = found ?? (await gateway.createIssue(request.issue));
    const at = now();
    const detail = found ? `linked existing issue ${issue.key}` : `created ${issue.key} in ${request.issue.project}`;
    await store.update((data) =>
      completeJiraRequest(data, request.id, {
        link: {
          findingId: request.findingId,
          issueKey: issue.key,
          url: issue.url,
          createdAt: at.toISOString(),
          status: issue.statusCategory === 'done' ? 'done' : 'open',
          lastSyncedAt: at.toISOString(),
          origin: found ? 'found' : 'created',
          requestedBy: request.requestedBy,
          ...(request.slackPermalink && { slackPermalink: request.slackPermalink }),
        },
        actor: request.requestedBy,
        at,
        detail,
      }),
    );
    return { key: issue.key, detail };
  }

  async #sync(request: JiraSyncRequest): Promise<{ key: string; detail: string } | undefined> {
    const { gateway, store, now } = this.options;
    let link = store.data.jiraLinks[request.findingId];
    if (!link) {
      const found = await gateway.findIssueByLabel(findingLabel(request.findingId));
      if (!found) {
        await store.update((data) => discardJiraRequest(data, request.id, now(), 'the finding has no Jira issue'));
        return undefined;
      }
      link = {
        findingId: request.findingId,
        issueKey: found.key,
        url: found.url,
        createdAt: now().toISOString(),
        status: found.statusCategory === 'done' ? 'done' : 'open',
        origin: 'found',
      };
    }
    const key = link.issueKey;
    if (!(await gateway.hasComment(key, requestMarker(request.id)))) await gateway.addComment(key, request.comment);
    const wanted = request.kind === 'resolved' ? 'done' : request.kind === 'reopened' ? 'open' : link.status;
    const left = request.transition ? await this.#moveIssue(key, request.transition, wanted === 'done') : undefined;
    const at = now();
    const detail = `${request.kind}: commented on ${key}${
      !request.transition ? '' : left ? `; left it in ${left} (already there)` : ` and moved it (${request.transition})`
    }`;
    await store.update((data) =>
      completeJiraRequest(data, request.id, {
        link: { ...link, status: wanted, lastSyncedAt: at.toISOString() },
        actor: request.requestedBy,
        at,
        detail,
      }),
    );
    return { key, detail };
  }

  /**
   * Applies the named transition unless the issue is already where it would take it (a retry, or a person): then
   * returns the status it was left in.
   */
  async #moveIssue(key: string, name: string, toDone: boolean): Promise<string | undefined> {
    const { gateway } = this.options;
    const issue = await gateway.getIssue(key);
    if ((issue.statusCategory === 'done') === toDone)
      return issue.status ?? (toDone ? 'a done status' : 'an open status');
    const transitions = await gateway.transitions(key);
    const wanted = name.toLowerCase();
    const match = transitions.find((t) => t.name.toLowerCase() === wanted || t.toStatus?.toLowerCase() === wanted);
    if (!match)
      throw new JiraError(
        'workflow',
        `could not move ${key}: no transition "${name}" from status "${issue.status ?? 'unknown'}" (available: ${transitions.map((t) => t.name).join(', ') || 'none'})`,
        { hint: `set jira.transitions.${toDone ? 'done' : 'reopen'} to one of them; the request is kept` },
      );
    await gateway.transition(key, match.id);
    return undefined;
  }

  #requestBase(id: string, findingId: string, actor: Actor) {
    const at = this.options.now().toISOString();
    return { id, findingId, requestedAt: at, requestedBy: actor, attempts: 0, nextAttemptAt: at };
  }
}
