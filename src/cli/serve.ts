import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { LineLogger } from '../log.js';
import { readSlackSettings, SLACK_MODES, type SlackMode } from '../slack/slack-settings.js';
import type { CommandContext } from './context.js';

/** What `serve` takes from the process: the environment, and when to stop. */
export interface ServeRuntime {
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves with the reason (a signal name) when the app should stop. */
  untilStopped: () => Promise<string>;
}

/** The process's environment, and its first SIGINT or SIGTERM. */
const processRuntime = (ctx: CommandContext): ServeRuntime => ({
  env: ctx.env,
  untilStopped: () =>
    new Promise((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        const stop = ctx.onSignal(signal, () => {
          stop();
          resolve(signal);
        });
      }
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
export function register(command: Command, ctx: CommandContext, runtime: ServeRuntime = processRuntime(ctx)): void {
  const { program } = ctx;
  command
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
      // The app (Bolt, the Web API client, the AWS SDK, Jira, the workflows) loads now, not for `serve --help`.
      const [
        { composeServe, startSlackService },
        { liveSnapshotSources },
        { defaultConfig, loadConfig },
        { SlackUserGroups },
        { botClient },
        { latestScans },
      ] = await Promise.all([
        import('../app.js'),
        import('../aws/index.js'),
        import('../config/index.js'),
        import('../slack/slack-user-groups.js'),
        import('../slack/web-client.js'),
        import('../scans/latest-scans.js'),
      ]);
      const configFile = (program.opts() as { config?: string }).config ?? (env.RIGHTSIZE_CONFIG || undefined);
      const config = configFile ? await loadConfig(configFile, env) : defaultConfig();
      const statePath = resolve(
        opts.state ?? (env.RIGHTSIZE_STATE || undefined) ?? config.stateFile ?? DEFAULT_SERVE_STATE,
      );
      const client = botClient(settings);
      const logger = lineLogger(ctx);
      const parts = await composeServe({
        config,
        snapshotDirs: opts.snapshot ?? [],
        statePath,
        engine: ctx.engine,
        now: ctx.now,
        userGroups: new SlackUserGroups(client, logger, ctx.now),
        sources: liveSnapshotSources({ lookbackDays: config.rules.trackingPeriodDays, now: ctx.now }),
        logger,
        env,
      });
      const running = await startSlackService(settings, parts, {
        client,
        log: logger,
        ...(opts.host && { host: opts.host }),
      });
      parts.scheduler.start();
      const where = running.address ? ` on port ${running.address.port}` : '';
      ctx.stdout(
        `Rightsize Slack app running (${settings.mode === 'http' ? 'HTTP' : 'Socket Mode'}${where}), serving ${parts.scans
          .accounts()
          .map((a) => `${a.id} (${a.source})`)
          .join(', ')}`,
      );
      ctx.stdout(`state file ${parts.store.path}${configFile ? ` · config ${resolve(configFile)}` : ''}`);
      for (const { schedule, next } of parts.scheduler.nextRuns())
        ctx.stdout(`schedule ${schedule}: next run ${next ? next.toISOString() : 'never'}`);
      // A first scan in the background, so status and the Home tab have data from the start.
      latestScans(parts.scans).catch((e: unknown) => ctx.stderr(`rightsize: first scan failed: ${String(e)}`));
      const reason = await runtime.untilStopped();
      ctx.stdout(`${reason}: stopping the Slack app`);
      await parts.scheduler.stop(STOP_GRACE_MS);
      await parts.workflows?.stop();
      await running.stop();
      await parts.store.flush();
    });
}

function lineLogger(ctx: CommandContext): LineLogger {
  const line = (level: string, write: (text: string) => void) => (message: string) =>
    write(`${ctx.now().toISOString()} ${level} ${message}`);
  return { info: line('info', ctx.stdout), warn: line('warn', ctx.stderr), error: line('error', ctx.stderr) };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`not a port number: ${value}`);
  return n;
}
