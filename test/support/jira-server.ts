/**
 * A local Jira REST server on 127.0.0.1 for tests: the endpoints Rightsize uses, for Cloud (REST v3, ADF, the
 * enhanced search `/search/jql`) or Data Center (REST v2, wiki markup strings, `/search`). It checks credentials
 * and request bodies the way Jira does (unknown project, issue type, priority, assignee or component; a
 * description that is not valid ADF), answers with Jira's error shape, and can fail on purpose: a status with
 * headers (500, 401, 429 + Retry-After), an answer lost after the work was done, or not listening at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adfProblems } from './adf-validator.js';

export interface LocalJiraOptions {
  flavour: 'cloud' | 'server';
  /** Project key → its components. */
  projects: Record<string, { components?: string[] }>;
  /** Account ids (Cloud) or user names (Data Center) that may be assignees. */
  users?: string[];
  issueTypes?: string[];
  priorities?: string[];
  credentials: { email: string; apiToken: string } | { token: string };
}

export interface StoredIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  status: 'To Do' | 'In Progress' | 'Done';
  comments: { id: string; body: unknown; created: number }[];
  created: number;
}

export interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  method?: string;
  path?: RegExp;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const CATEGORY = { 'To Do': 'new', 'In Progress': 'indeterminate', Done: 'done' } as const;
const WORKFLOW: Record<StoredIssue['status'], { id: string; name: string; to: StoredIssue['status'] }[]> = {
  'To Do': [
    { id: '11', name: 'Start', to: 'In Progress' },
    { id: '31', name: 'Done', to: 'Done' },
  ],
  'In Progress': [{ id: '31', name: 'Done', to: 'Done' }],
  Done: [{ id: '41', name: 'Reopen', to: 'To Do' }],
};

export class LocalJira {
  readonly issues: StoredIssue[] = [];
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  #failures: Failure[] = [];
  #drops: { method: string; path: RegExp }[] = [];
  #server: Server | undefined;
  #port = 0;
  #clock = 0;

  private constructor(readonly options: LocalJiraOptions) {}

  static async start(options: LocalJiraOptions): Promise<LocalJira> {
    const jira = new LocalJira(options);
    await jira.listen();
    return jira;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The next `count` requests (matching method/path, when given) get this answer instead. */
  failNext(count: number, failure: Failure): void {
    for (let i = 0; i < count; i++) this.#failures.push(failure);
  }

  /** The next matching request is carried out, but its answer never arrives (the connection is cut). */
  dropNextAnswer(method: string, path: RegExp): void {
    this.#drops.push({ method, path });
  }

  /** Stops listening: clients get ECONNREFUSED until `listen` again (same port). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((done) => server.listen(this.#port, '127.0.0.1', done));
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  issue(key: string): StoredIssue | undefined {
    return this.issues.find((i) => i.key === key);
  }

  /** Moves an issue as a person in Jira would. */
  setStatus(key: string, status: StoredIssue['status']): void {
    this.issue(key)!.status = status;
  }

  get #prefix(): string {
    return this.options.flavour === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, { status: 400, body: { errorMessages: ['Unexpected character in the request body'] } });
    }
    this.requests.push({ method, path: url.pathname, ...(body !== undefined && { body }) });
    const failure = this.#takeFailure(method, url.pathname);
    if (failure)
      return send(res, {
        status: failure.status,
        body: failure.body ?? {},
        ...(failure.headers && { headers: failure.headers }),
      });
    const answer = this.#authorized(req) ? this.#route(method, url, body) : unauthorized();
    const drop = this.#drops.findIndex((d) => d.method === method && d.path.test(url.pathname));
    if (drop >= 0) {
      this.#drops.splice(drop, 1);
      req.socket.destroy();
      return;
    }
    send(res, answer);
  }

  #takeFailure(method: string, path: string): Failure | undefined {
    const index = this.#failures.findIndex((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    return index < 0 ? undefined : this.#failures.splice(index, 1)[0];
  }

  #authorized(req: IncomingMessage): boolean {
    const credentials = this.options.credentials;
    const expected =
      'token' in credentials
        ? `Bearer ${credentials.token}`
        : `Basic ${Buffer.from(`${credentials.email}:${credentials.apiToken}`).toString('base64')}`;
    return req.headers.authorization === expected;
  }

  #route(method: string, url: URL, body: unknown): Answer {
    const path = url.pathname;
    if (!path.startsWith(`${this.#prefix}/`)) return notFound(`no ${path} on this Jira`);
    const rest = path.slice(this.#prefix.length);
    const issueMatch = /^\/issue\/([A-Z][A-Z0-9_]+-\d+)(\/comment|\/transitions)?$/.exec(rest);
    if (method === 'POST' && rest === '/issue') return this.#create(body);
    if (method === 'GET' && this.options.flavour === 'cloud' && rest === '/search/jql')
      return this.#search(url, 'cloud');
    if (method === 'GET' && this.options.flavour === 'cloud' && rest === '/search')
      return {
        status: 410,
        body: { errorMessages: ['The requested API has been removed. Please migrate to /rest/api/3/search/jql.'] },
      };
    if (method === 'GET' && this.options.flavour === 'server' && rest === '/search') return this.#search(url, 'server');
    if (!issueMatch) return notFound(`no ${method} ${path} on this Jira`);
    const issue = this.issue(issueMatch[1]!);
    if (!issue) return notFound('Issue does not exist or you do not have permission to see it.');
    switch (`${method} ${issueMatch[2] ?? ''}`) {
      case 'GET ':
        return { status: 200, body: this.#view(issue, url.searchParams.get('fields')) };
      case 'GET /comment':
        return this.#comments(issue, url);
      case 'POST /comment':
        return this.#addComment(issue, body);
      case 'GET /transitions':
        return {
          status: 200,
          body: {
            transitions: WORKFLOW[issue.status].map((t) => ({
              id: t.id,
              name: t.name,
              to: { name: t.to, statusCategory: { key: CATEGORY[t.to] } },
            })),
          },
        };
      case 'POST /transitions':
        return this.#transition(issue, body);
      default:
        return notFound(`no ${method} ${path} on this Jira`);
    }
  }

  #create(body: unknown): Answer {
    const fields = (body as { fields?: Record<string, unknown> } | undefined)?.fields;
    if (!fields || typeof fields !== 'object') return badRequest({}, ['fields are required']);
    const errors: Record<string, string> = {};
    const project = (fields.project as { key?: string } | undefined)?.key;
    const settings = project ? this.options.projects[project] : undefined;
    if (!settings) errors.project = 'valid project is required';
    const issueType = (fields.issuetype as { name?: string } | undefined)?.name;
    if (!issueType || !(this.options.issueTypes ?? ['Task', 'Bug']).includes(issueType))
      errors.issuetype = 'valid issue type is required';
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '')
      errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    const priority = (fields.priority as { name?: string } | undefined)?.name;
    if (
      priority !== undefined &&
      !(this.options.priorities ?? ['Highest', 'High', 'Medium', 'Low', 'Lowest']).includes(priority)
    )
      errors.priority = `The priority selected is invalid.`;
    const labels = fields.labels;
    if (
      labels !== undefined &&
      (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || /\s/.test(l) || l === ''))
    )
      errors.labels = 'The label must not contain spaces.';
    const description = this.#richTextProblem(fields.description);
    if (description) errors.description = description;
    if (fields.assignee !== undefined) {
      const assignee = fields.assignee as Record<string, unknown>;
      const id = this.options.flavour === 'cloud' ? assignee.accountId : assignee.name;
      if (typeof id !== 'string' || !(this.options.users ?? []).includes(id))
        errors.assignee = `User '${String(id ?? JSON.stringify(assignee))}' does not exist.`;
    }
    for (const component of (fields.components as { name?: string }[] | undefined) ?? [])
      if (!settings?.components?.includes(component.name ?? ''))
        errors.components = `Component name '${component.name}' is not valid`;
    if (Object.keys(errors).length > 0) return badRequest(errors);
    const number = this.issues.filter((i) => i.key.startsWith(`${project}-`)).length + 1;
    const issue: StoredIssue = {
      id: String(10000 + this.issues.length),
      key: `${project}-${number}`,
      fields,
      status: 'To Do',
      comments: [],
      created: ++this.#clock,
    };
    this.issues.push(issue);
    return {
      status: 201,
      body: { id: issue.id, key: issue.key, self: `${this.url}${this.#prefix}/issue/${issue.id}` },
    };
  }

  #richTextProblem(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (this.options.flavour === 'server')
      return typeof value === 'string' ? undefined : 'Operation value must be a string';
    const problems = adfProblems(value);
    return problems.length > 0
      ? `Operation value must be an Atlassian Document (see the Atlassian Document Format): ${problems.join('; ')}`
      : undefined;
  }

  #search(url: URL, flavour: 'cloud' | 'server'): Answer {
    const jql = url.searchParams.get('jql') ?? '';
    const match = /^labels = "((?:[^"\\]|\\.)*)"(?: ORDER BY created (ASC|DESC))?$/i.exec(jql);
    if (!match)
      return badRequest({}, [`Error in the JQL Query: this test Jira understands only labels = "…" (got: ${jql})`]);
    const label = match[1]!.replace(/\\(.)/g, '$1');
    const found = this.issues
      .filter((i) => ((i.fields.labels as string[] | undefined) ?? []).includes(label))
      .sort((a, b) => (match[2]?.toUpperCase() === 'DESC' ? b.created - a.created : a.created - b.created));
    const maxResults = Number(url.searchParams.get('maxResults') ?? 50);
    const fields = url.searchParams.get('fields');
    const page = found.slice(0, maxResults);
    if (flavour === 'cloud')
      // Without `fields` the enhanced search returns ids only.
      return {
        status: 200,
        body: {
          issues: page.map((i) => (fields ? this.#view(i, fields) : { id: i.id })),
          isLast: found.length <= maxResults,
          ...(found.length > maxResults && { nextPageToken: 'page-2' }),
        },
      };
    return {
      status: 200,
      body: { startAt: 0, maxResults, total: found.length, issues: page.map((i) => this.#view(i, fields)) },
    };
  }

  #view(issue: StoredIssue, fields: string | null): Record<string, unknown> {
    const wanted = fields ? fields.split(',') : ['*all'];
    const all = {
      ...issue.fields,
      status: { name: issue.status, statusCategory: { key: CATEGORY[issue.status] } },
    } as Record<string, unknown>;
    const shown = wanted.includes('*all')
      ? all
      : Object.fromEntries(wanted.filter((f) => f in all).map((f) => [f, all[f]]));
    return { id: issue.id, key: issue.key, self: `${this.url}${this.#prefix}/issue/${issue.id}`, fields: shown };
  }

  #comments(issue: StoredIssue, url: URL): Answer {
    const order = url.searchParams.get('orderBy');
    const sorted = [...issue.comments].sort((a, b) =>
      order === '-created' ? b.created - a.created : a.created - b.created,
    );
    const maxResults = Number(url.searchParams.get('maxResults') ?? 5000);
    return {
      status: 200,
      body: { startAt: 0, maxResults, total: sorted.length, comments: sorted.slice(0, maxResults) },
    };
  }

  #addComment(issue: StoredIssue, body: unknown): Answer {
    const comment = (body as { body?: unknown } | undefined)?.body;
    if (comment === undefined) return badRequest({ comment: 'Comment body can not be empty!' });
    const problem = this.#richTextProblem(comment);
    if (problem) return badRequest({ comment: problem });
    const stored = { id: String(issue.comments.length + 1), body: comment, created: ++this.#clock };
    issue.comments.push(stored);
    return { status: 201, body: stored };
  }

  #transition(issue: StoredIssue, body: unknown): Answer {
    const id = (body as { transition?: { id?: string } } | undefined)?.transition?.id;
    const transition = WORKFLOW[issue.status].find((t) => t.id === id);
    if (!transition) return badRequest({}, [`Transition id '${String(id)}' is not valid for this issue.`]);
    issue.status = transition.to;
    return { status: 204 };
  }
}

function send(res: ServerResponse, answer: Answer): void {
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...(text && { 'content-type': 'application/json' }),
    ...answer.headers,
  });
  res.end(text);
}

function badRequest(errors: Record<string, string>, errorMessages: string[] = []): Answer {
  return { status: 400, body: { errorMessages, errors } };
}

function notFound(message: string): Answer {
  return { status: 404, body: { errorMessages: [message], errors: {} } };
}

function unauthorized(): Answer {
  return {
    status: 401,
    body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
  };
}
