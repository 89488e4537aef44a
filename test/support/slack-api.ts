import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitProblems, type Surface } from './block-kit.js';

/** A Web API call or a response_url post, as the local server received it. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
}

export interface RecordedUpload {
  fileId: string;
  filename: string;
  content: string;
}

type Json = Record<string, unknown>;

/** Methods whose arguments are JSON inside a form field (the Web API's convention). */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'files', 'metadata'];
const SURFACES: Record<string, (args: Json) => [Surface, Json] | undefined> = {
  'chat.postMessage': (args) => ['message', args],
  'chat.postEphemeral': (args) => ['message', args],
  'chat.update': (args) => ['message', args],
  'views.open': (args) => ['modal', args.view as Json],
  'views.update': (args) => ['modal', args.view as Json],
  'views.push': (args) => ['modal', args.view as Json],
  'views.publish': (args) => ['home', args.view as Json],
};

/**
 * A local Slack Web API for tests, on 127.0.0.1: the real @slack/web-api client talks to it through
 * `slackApiUrl`. It records every call (and response_url post), answers like Slack, and rejects any
 * message, modal or Home view that breaks a Block Kit limit — recording the problem so the test fails.
 */
export class LocalSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedCall[] = [];
  readonly uploads: RecordedUpload[] = [];
  readonly problems: string[] = [];
  /** Channels the bot is not a member of: chat.postMessage answers `not_in_channel`. */
  readonly channelsWithoutBot = new Set<string>();
  /** Tokens the API accepts: the bot token, and the app-level token Socket Mode connects with. */
  readonly validTokens = new Set(['xoxb-test-token', 'xapp-test-token']);
  /** Members of user groups, for usergroups.users.list. */
  readonly userGroups = new Map<string, string[]>();
  /** What apps.connections.open hands out: a local Socket Mode WebSocket server. */
  socketModeUrl: string | undefined;
  private nextTs = 1;
  private nextId = 1;
  private readonly pendingUploads = new Map<string, string>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<LocalSlackApi> {
    const holder: { api?: LocalSlackApi } = {};
    const server = createServer((req, res) => {
      holder.api?.handle(req, res).catch((e: unknown) => {
        res.writeHead(500).end(String(e));
      });
    });
    // Longer than any pause in a test, so a pooled client connection is never closed under a request in flight.
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.api = new LocalSlackApi(server, `http://127.0.0.1:${port}`);
    return holder.api;
  }

  /** The base URL for `slackApiUrl` / SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.origin}/respond/${id}`;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `check` holds (calls arrive after Bolt has acked, asynchronously). */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timed out waiting for Slack API calls');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const [, kind, name] = url.pathname.split('/');
    if (kind === 'api' && name) this.apiCall(name, req, raw, res);
    else if (kind === 'respond' && name) this.respondCall(name, raw, res);
    else if (kind === 'upload' && name) await this.upload(name, req, raw, res);
    else res.writeHead(404).end('not found');
    this.notify();
  }

  private apiCall(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const args = parseArgs(req.headers['content-type'], raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
    this.calls.push({ method, args, ...(token && { token }) });
    const reply = (body: Json): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!token || !this.validTokens.has(token)) return reply({ ok: false, error: 'invalid_auth' });
    const surface = SURFACES[method]?.(args);
    if (surface) {
      const problems = blockKitProblems(surface[0], surface[1] ?? {});
      if (problems.length > 0) {
        this.problems.push(...problems.map((p) => `${method} ${p}`));
        const tooLong = problems.some((p) => p.includes('msg_blocks_too_long'));
        return reply({ ok: false, error: tooLong ? 'msg_blocks_too_long' : 'invalid_blocks', errors: problems });
      }
    }
    switch (method) {
      case 'auth.test':
        return reply({
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'rightsize',
          team_id: 'T0TEST',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        });
      case 'apps.connections.open':
        if (!token?.startsWith('xapp-')) return reply({ ok: false, error: 'not_allowed_token_type' });
        return this.socketModeUrl
          ? reply({ ok: true, url: this.socketModeUrl })
          : reply({ ok: false, error: 'internal_error' });
      case 'chat.postMessage': {
        const channel = String(args.channel);
        if (this.channelsWithoutBot.has(channel)) return reply({ ok: false, error: 'not_in_channel' });
        return reply({ ok: true, channel, ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}`, message: {} });
      }
      case 'chat.update':
        return reply({ ok: true, channel: String(args.channel), ts: String(args.ts) });
      case 'chat.getPermalink': {
        const [channel, ts] = [String(args.channel ?? ''), String(args.message_ts ?? '')];
        if (!channel || !/^\d+\.\d+$/.test(ts)) return reply({ ok: false, error: 'message_not_found' });
        return reply({
          ok: true,
          channel,
          permalink: `https://test.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
        });
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const id = `V${this.nextId++}`;
        return reply({ ok: true, view: { id, ...(args.view as Json) } });
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(users)) return reply({ ok: false, error: 'user_not_found' });
        return reply({ ok: true, channel: { id: `D${users.slice(1)}` } });
      }
      case 'usergroups.users.list': {
        const members = this.userGroups.get(String(args.usergroup));
        return members ? reply({ ok: true, users: members }) : reply({ ok: false, error: 'no_such_subteam' });
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.nextId++}`;
        this.pendingUploads.set(fileId, String(args.filename));
        return reply({ ok: true, upload_url: `${this.origin}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = (args.files as { id: string; title?: string }[]) ?? [];
        const unknown = files.filter((f) => !this.uploads.some((u) => u.fileId === f.id));
        if (unknown.length > 0) return reply({ ok: false, error: 'file_not_found' });
        return reply({ ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
      }
      default:
        return reply({ ok: false, error: 'unknown_method' });
    }
  }

  private respondCall(id: string, raw: Buffer, res: ServerResponse): void {
    const args = JSON.parse(raw.toString('utf8')) as Json;
    this.responses.push({ method: `respond/${id}`, args });
    const problems = blockKitProblems('message', args);
    if (problems.length > 0) {
      this.problems.push(...problems.map((p) => `response_url ${p}`));
      res.writeHead(400).end('invalid_blocks');
      return;
    }
    res.writeHead(200).end('ok');
  }

  private async upload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const filename = this.pendingUploads.get(fileId);
    if (!filename) {
      res.writeHead(404).end('unknown upload');
      return;
    }
    // The client posts the file as multipart form data; parse it the way fetch does.
    const form = await new Request(`${this.origin}/`, {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: raw,
    }).formData();
    const part = [...form.values()][0];
    const content = typeof part === 'string' ? part : await (part as Blob).text();
    this.uploads.push({ fileId, filename, content });
    res.writeHead(200).end('OK');
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseArgs(contentType: string | undefined, raw: Buffer): Json {
  const text = raw.toString('utf8');
  if (contentType?.startsWith('application/json')) return text ? (JSON.parse(text) as Json) : {};
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = JSON_FIELDS.includes(key) ? JSON.parse(value) : value;
  }
  return args;
}
