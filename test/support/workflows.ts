import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { parseConfig, type RightsizeConfig } from '../../src/config/index.js';
import { WebClientPoster } from '../../commands/outbound/workflow-poster.js';
import { StateStore, type Actor, type RecordScanInput } from '../../src/store/index.js';
import { WorkflowEngine } from '../../src/workflows/engine.js';
import type {
  ActionExecutors,
  AppliedFix,
  FixExecutor,
  FixPlanSummary,
  JiraExecutor,
  JiraIssueRef,
} from '../../src/workflows/executors.js';
import { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/workflows/webhook.js';
import { tempDir } from './findings.js';
import { LocalSlackApi } from './slack-api.js';

/** A Jira stand-in with the executor interface src/jira provides; `down` makes every call fail like an outage. */
export class TestJira implements JiraExecutor {
  readonly calls: { findingId: string; project?: string; requestedBy: Actor }[] = [];
  down = false;
  async createIssueForFinding(
    findingId: string,
    options: { requestedBy: Actor; project?: string },
  ): Promise<JiraIssueRef> {
    if (this.down) throw new Error('Jira answered 503 Service Unavailable');
    this.calls.push({
      findingId,
      requestedBy: options.requestedBy,
      ...(options.project && { project: options.project }),
    });
    const n = this.calls.length;
    return { issueKey: `SEC-${n}`, url: `https://jira.example.com/browse/SEC-${n}`, created: true };
  }
}

/** A fix executor stand-in: plans by rule id, records what it applied and rolled back. */
export class TestFixes implements FixExecutor {
  readonly kinds = ['deactivate-access-key', 'detach-policy'];
  readonly approvals: string[] = [];
  readonly applied: { findingId: string; kind: string; requestedBy: Actor }[] = [];
  readonly rolledBack: { fixId: string; requestedBy: Actor }[] = [];
  constructor(private readonly plans: Record<string, FixPlanSummary> = {}) {}
  async planFor(findingId: string): Promise<FixPlanSummary | undefined> {
    const rule = Object.keys(this.plans).find((r) => findingId.startsWith(r));
    return rule ? this.plans[rule] : undefined;
  }
  async requestApproval(findingId: string): Promise<{ approvalId: string; approver: string }> {
    this.approvals.push(findingId);
    return { approvalId: `ap-${this.approvals.length}`, approver: 'U0OWNER' };
  }
  async apply(findingId: string, options: { requestedBy: Actor; kind: string }): Promise<AppliedFix> {
    this.applied.push({ findingId, kind: options.kind, requestedBy: options.requestedBy });
    return { fixId: `fix-${this.applied.length}`, summary: `${options.kind} on ${findingId}` };
  }
  async rollback(fixId: string, options: { requestedBy: Actor }): Promise<{ summary: string }> {
    this.rolledBack.push({ fixId, requestedBy: options.requestedBy });
    return { summary: `restored the state before ${fixId}` };
  }
}

export interface ReceivedWebhook {
  body: string;
  headers: IncomingMessage['headers'];
  /** Whether the signature matches the body and timestamp under the receiver's secret. */
  signatureValid: boolean;
}

/** A webhook receiver on 127.0.0.1 that checks signatures; `answers` scripts the status of each request in turn. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answers: (number | 'hang')[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly secret: string,
  ) {}

  static async start(secret: string): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const receiver = holder.receiver!;
        const body = Buffer.concat(chunks).toString('utf8');
        const timestamp = Number(req.headers[TIMESTAMP_HEADER]);
        receiver.received.push({
          body,
          headers: req.headers,
          signatureValid: req.headers[SIGNATURE_HEADER] === signWebhook(receiver.secret, timestamp, body),
        });
        const answer = receiver.answers.shift() ?? 200;
        if (answer === 'hang') return;
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hook`, secret);
    return holder.receiver;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

export interface WorkflowHarness {
  config: RightsizeConfig;
  store: StateStore;
  engine: WorkflowEngine;
  api: LocalSlackApi;
  executors: ActionExecutors;
  logs: string[];
  stateFile: string;
  clock: { now: Date };
  /** Records a scan in the store and hands its diff to the engine, as the scan service does. */
  scan(input: RecordScanInput, schedule?: string): Promise<void>;
  /** A second engine over the same state file, as after a restart. */
  restart(): Promise<WorkflowHarness>;
  close(): Promise<void>;
}

/** The engine over a real state file, posting to a local Slack API; Jira and fixes as given. */
export async function workflowHarness(
  yaml: string,
  options: {
    jira?: JiraExecutor;
    fixes?: FixExecutor;
    slack?: boolean;
    env?: Record<string, string>;
    stateFile?: string;
  } = {},
): Promise<WorkflowHarness> {
  const api = await LocalSlackApi.start();
  const stateFile = options.stateFile ?? join(await tempDir(), 'state.json');
  const config = parseConfig(yaml, options.env ?? {});
  const clock = { now: new Date('2026-03-01T09:00:00Z') };
  const build = async (): Promise<WorkflowHarness> => {
    const store = await StateStore.open(stateFile);
    const executors: ActionExecutors = {
      ...(options.slack !== false && {
        slack: new WebClientPoster(
          new WebClient('xoxb-test-token', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } }),
        ),
      }),
      ...(options.jira && { jira: options.jira }),
      ...(options.fixes && { fixes: options.fixes }),
    };
    const logs: string[] = [];
    const log = (level: string) => (m: string) => void logs.push(`${level} ${m}`);
    const engine = new WorkflowEngine({
      config,
      store,
      executors,
      logger: { info: log('info'), warn: log('warn'), error: log('error') },
      now: () => clock.now,
      webhookBackoffMs: 5,
    });
    await engine.start();
    return {
      config,
      store,
      engine,
      api,
      executors,
      logs,
      stateFile,
      clock,
      scan: async (input, schedule) => {
        const diff = await store.recordScan(input);
        await engine.scanFinished({ diff }, schedule);
        await engine.idle();
      },
      restart: async () => {
        await engine.stop();
        return build();
      },
      close: async () => {
        await engine.stop();
        await api.close();
      },
    };
  };
  return build();
}
