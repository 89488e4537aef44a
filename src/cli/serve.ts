import { resolve } from 'node:path';
import { WebClient } from '@slack/web-api';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { startSlackApp, SLACK_MODES, readSlackSettings, type SlackMode } from '../slack/app.js';
import { liveSnapshotSources } from '../aws/index.js';
import type { CliIo } from '../cli.js';
import { defaultConfig, loadConfig } from '../config/load.js';
import { loadActionCatalog } from '../iam/catalog-loader.js';
import { PolicyEngine } from '../iam/index.js';
import { RULES } from '../risks/rules/index.js';
import type { SchedulerLogger } from '../schedule/index.js';
import { composeServe } from '../app.js';
import { latestScans } from '../scans/latest-scans.js';
import { postScheduledDigests } from '../../commands/outbound/scheduled-digests.js';
import { SlackUserGroups } from '../slack/user-groups.js';

/** What `serve` takes from the process: the environment, and when to stop. */
export interface ServeRuntime {
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves with the reason (a signal name) when the app should stop. */
  untilStopped: () => Promise<string>;
}

const processRuntime = (): ServeRuntime => ({
  env: process.env,
  untilStopped: () =>
    new Promise((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
    }),
});

interface ServeOptions {
  snapshot?: string[];
  state?: string;
  mode?: SlackMode;
  port?: number;
  host?: string;
}

/** Where `serve` keeps its state when neither --state, RIGHTSIZE_STATE nor the config's stateFile says. */
export const DEFAULT_SERVE_STATE = 'rightsize-state.json';
/** How long running scans may take to finish when the app is stopped. */
const STOP_GRACE_MS = 30_000;

/**
 * `rightsize serve`: the Slack app over the config's accounts (RIGHTSIZE_CONFIG / --config), the snapshot
 * directories given, or the bundled demo account; records every scan in the state file and runs the schedules.
 */
export function registerServeCommand(program: Command, io: CliIo, runtime: ServeRuntime = processRuntime()): void {
  program
    .command('serve')
    .description(
      "run the Slack app (HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set) over the config's accounts and schedules; the bundled demo account when none are configured",
    )
    .option('-s, --snapshot <dir>', 'snapshot directory of an account to serve (repeat for several)', collect)
    .option(
      '--state <file>',
      `state file (default: RIGHTSIZE_STATE, then stateFile in the config, then ./${DEFAULT_SERVE_STATE})`,
    )
    .addOption(
      new Option('--mode <mode>', 'how Slack reaches the app (default: socket when SLACK_APP_TOKEN is set)').choices(
        SLACK_MODES,
      ),
    )
    .option('--port <port>', 'HTTP port (default: $PORT or 3000)', port)
    .option('--host <address>', 'HTTP interface to bind (default: all)')
    .action(async (opts: ServeOptions) => {
      const { env } = runtime;
      const settings = readSlackSettings(env, {
        ...(opts.mode && { mode: opts.mode }),
        ...(opts.port !== undefined && { port: opts.port }),
      });
      const configFile = (program.opts() as { config?: string }).config ?? (env.RIGHTSIZE_CONFIG || undefined);
      const config = configFile ? await loadConfig(configFile, env) : defaultConfig();
      const statePath = resolve(
        opts.state ?? (env.RIGHTSIZE_STATE || undefined) ?? config.stateFile ?? DEFAULT_SERVE_STATE,
      );
      const client = new WebClient(settings.botToken, {
        ...(settings.slackApiUrl && { slackApiUrl: settings.slackApiUrl }),
      });
      const logger = lineLogger(io);
      const parts = await composeServe({
        config,
        snapshotDirs: opts.snapshot ?? [],
        statePath,
        engine: async () => new PolicyEngine(await loadActionCatalog()),
        now: io.now,
        userGroups: new SlackUserGroups(client, logger, io.now),
        sources: liveSnapshotSources({ lookbackDays: config.rules.trackingPeriodDays, now: io.now }),
        logger,
        env,
      });
      const running = await startSlackApp(settings, parts.services, { ...(opts.host && { host: opts.host }) });
      postScheduledDigests(parts.scheduler, {
        client,
        scans: parts.scans,
        ruleTitles: new Map(RULES.map((r) => [r.id, r.title])),
        logger,
        jira: parts.services.jira !== undefined,
      });
      parts.scheduler.start();
      const where = running.address ? ` on port ${running.address.port}` : '';
      io.stdout(
        `Rightsize Slack app running (${settings.mode === 'http' ? 'HTTP' : 'Socket Mode'}${where}), serving ${parts.scans
          .accounts()
          .map((a) => `${a.id} (${a.source})`)
          .join(', ')}`,
      );
      io.stdout(`state file ${parts.store.path}${configFile ? ` · config ${resolve(configFile)}` : ''}`);
      for (const { schedule, next } of parts.scheduler.nextRuns())
        io.stdout(`schedule ${schedule}: next run ${next ? next.toISOString() : 'never'}`);
      // A first scan in the background, so status and the Home tab have data from the start.
      latestScans(parts.scans).catch((e: unknown) => io.stderr(`rightsize: first scan failed: ${String(e)}`));
      const reason = await runtime.untilStopped();
      io.stdout(`${reason}: stopping the Slack app`);
      await parts.scheduler.stop(STOP_GRACE_MS);
      await parts.workflows?.stop();
      await running.stop();
      await parts.store.flush();
    });
}

function lineLogger(io: CliIo): SchedulerLogger {
  const line = (level: string, write: (text: string) => void) => (message: string) =>
    write(`${io.now().toISOString()} ${level} ${message}`);
  return { info: line('info', io.stdout), warn: line('warn', io.stderr), error: line('error', io.stderr) };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`not a port number: ${value}`);
  return n;
}
