import type { JiraConfig } from '../config/index.js';
import type { IssueDraft, RichText } from '../store/index.js';
import { toJiraError } from './failure.js';
import {
  browseUrl,
  labelQuery,
  RECENT_COMMENTS,
  type JiraGateway,
  type JiraIssue,
  type JiraTransition,
} from './gateway.js';

export interface RawIssue {
  id: string;
  key: string;
  fields?: { status?: { name?: string; statusCategory?: { key?: string } } };
}

/** The jira.js calls Rightsize makes; Version2Client and Version3Client both have them, with these shapes. */
export interface IssueApi {
  issues: {
    createIssue(parameters: {
      fields: Record<string, unknown> & { summary: string; project: object; issuetype: object };
    }): Promise<{ id: string; key: string }>;
    getIssue(parameters: { issueIdOrKey: string; fields: string[] }): Promise<RawIssue>;
    getTransitions(parameters: {
      issueIdOrKey: string;
    }): Promise<{ transitions?: { id?: string; name?: string; to?: { name?: string } }[] }>;
    doTransition(parameters: { issueIdOrKey: string; transition: { id: string } }): Promise<unknown>;
  };
  issueComments: {
    getComments(parameters: {
      issueIdOrKey: string;
      orderBy: string;
      maxResults: number;
    }): Promise<{ comments?: { body?: unknown }[] }>;
    addComment(parameters: { issueIdOrKey: string; comment: never }): Promise<unknown>;
  };
}

/** What differs between Jira Cloud (REST v3) and Data Center/Server (REST v2). */
export interface JiraFlavour {
  api: IssueApi;
  /** Rich text as the API takes it: ADF on Cloud, wiki markup on Data Center/Server. */
  richText(text: RichText): unknown;
  /** Cloud names people by account id, Data Center/Server by user name. */
  assignee(id: string): Record<string, string>;
  /** Cloud's enhanced search (`/search/jql`, nextPageToken) or Data Center's `/search`. */
  search(jql: string, fields: string[], maxResults: number): Promise<RawIssue[]>;
}

/** A Jira gateway over a jira.js client; every failure comes out as a JiraError. */
export class RestJiraGateway implements JiraGateway {
  readonly baseUrl: string;

  constructor(
    private readonly config: JiraConfig,
    private readonly flavour: JiraFlavour,
  ) {
    this.baseUrl = config.baseUrl;
  }

  findIssueByLabel(label: string): Promise<JiraIssue | undefined> {
    return this.#call(`search Jira for label ${label}`, async () => {
      const [issue] = await this.flavour.search(labelQuery(label), ['status'], 1);
      return issue ? this.#issue(issue) : undefined;
    });
  }

  createIssue(draft: IssueDraft): Promise<JiraIssue> {
    return this.#call(`create the issue in ${draft.project}`, async () => {
      const created = await this.flavour.api.issues.createIssue({
        fields: {
          project: { key: draft.project },
          issuetype: { name: draft.issueType },
          summary: draft.summary,
          priority: { name: draft.priority },
          labels: [...draft.labels, draft.findingLabel],
          description: this.flavour.richText(draft.description),
          ...(draft.assignee && { assignee: this.flavour.assignee(draft.assignee) }),
          ...(draft.component && { components: [{ name: draft.component }] }),
        },
      });
      return { id: created.id, key: created.key, url: browseUrl(this.baseUrl, created.key) };
    });
  }

  getIssue(key: string): Promise<JiraIssue> {
    return this.#call(`read ${key}`, async () =>
      this.#issue(await this.flavour.api.issues.getIssue({ issueIdOrKey: key, fields: ['status'] })),
    );
  }

  hasComment(key: string, text: string): Promise<boolean> {
    return this.#call(`read the comments of ${key}`, async () => {
      const page = await this.flavour.api.issueComments.getComments({
        issueIdOrKey: key,
        orderBy: '-created',
        maxResults: RECENT_COMMENTS,
      });
      // ADF bodies are JSON, wiki bodies strings: the marker is plain text in both.
      return (page.comments ?? []).some((c) => JSON.stringify(c.body ?? '').includes(text));
    });
  }

  addComment(key: string, text: RichText): Promise<void> {
    return this.#call(`comment on ${key}`, async () => {
      await this.flavour.api.issueComments.addComment({
        issueIdOrKey: key,
        comment: this.flavour.richText(text) as never,
      });
    });
  }

  transitions(key: string): Promise<JiraTransition[]> {
    return this.#call(`read the transitions of ${key}`, async () => {
      const { transitions = [] } = await this.flavour.api.issues.getTransitions({ issueIdOrKey: key });
      return transitions.map((t) => ({
        id: t.id ?? '',
        name: t.name ?? '',
        ...(t.to?.name && { toStatus: t.to.name }),
      }));
    });
  }

  transition(key: string, transitionId: string): Promise<void> {
    return this.#call(`transition ${key}`, async () => {
      await this.flavour.api.issues.doTransition({ issueIdOrKey: key, transition: { id: transitionId } });
    });
  }

  #issue(issue: RawIssue): JiraIssue {
    const status = issue.fields?.status;
    return {
      id: issue.id,
      key: issue.key,
      url: browseUrl(this.baseUrl, issue.key),
      ...(status?.name && { status: status.name }),
      ...(status?.statusCategory?.key && { statusCategory: status.statusCategory.key }),
    };
  }

  async #call<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (e) {
      throw toJiraError(e, action, this.config);
    }
  }
}
