import { InvalidArgumentError, Option, type Command } from 'commander';
import { startSlackApp, SLACK_MODES, readSlackSettings, type SlackMode } from './app.js';
import type { CliIo } from './cli.js';
import type { AppServices } from './commands/services.js';
import { demoSnapshotDir } from './demo.js';
import { loadActionCatalog } from './iam/catalog-loader.js';
import { PolicyEngine } from './iam/index.js';
import { RULES } from './risks/rules/index.js';
import { DeliveryLog } from './serve/delivery-log.js';
import { latestScans } from './serve/latest.js';
import { SnapshotScanService, type SnapshotSource } from './serve/snapshot-scans.js';
import { createFixFlow } from './serve/fix-flow.js';
import { defaultConfig, loadConfig } from './config.js';
import { StateStore } from './store/index.js';
import { loadSnapshot } from './snapshot/index.js';

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
  mode?: SlackMode;
  port?: number;
  host?: string;
}

/** `rightsize serve`: the Slack app, serving the snapshot directories given, or the bundled demo account. */
export function registerServeCommand(program: Command, io: CliIo, runtime: ServeRuntime = processRuntime()): void {
  program
    .command('serve')
    .description(
      'run the Slack app (HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set); serves the bundled demo account unless given --snapshot',
    )
    .option('-s, --snapshot <dir>', 'snapshot directory of an account to serve (repeat for several)', collect)
    .addOption(
      new Option('--mode <mode>', 'how Slack reaches the app (default: socket when SLACK_APP_TOKEN is set)').choices(
        SLACK_MODES,
      ),
    )
    .option('--port <port>', 'HTTP port (default: $PORT or 3000)', port)
    .option('--host <address>', 'HTTP interface to bind (default: all)')
    .action(async (opts: ServeOptions) => {
      const settings = readSlackSettings(runtime.env, {
        ...(opts.mode && { mode: opts.mode }),
        ...(opts.port !== undefined && { port: opts.port }),
      });
      const sources: SnapshotSource[] = opts.snapshot?.map((dir) => ({ dir, description: `snapshot ${dir}` })) ?? [
        { dir: demoSnapshotDir(), description: 'bundled demo account' },
      ];
      const engine = new PolicyEngine(await loadActionCatalog());
      const scans = await SnapshotScanService.open(sources, { engine, load: loadSnapshot, now: io.now });
      const services: AppServices = { scans, rules: RULES, deliveries: new DeliveryLog() };
      // Fix in AWS needs the state file (approvals, fixes, audit) and the config (approvers, remediation role).
      const configFile = (program.opts() as { config?: string }).config ?? runtime.env.RIGHTSIZE_CONFIG;
      const config = configFile ? await loadConfig(configFile, runtime.env) : defaultConfig();
      const stateFile = runtime.env.RIGHTSIZE_STATE || config.stateFile;
      if (stateFile)
        services.fixes = await createFixFlow({
          config,
          store: await StateStore.open(stateFile),
          scans,
          engine,
          now: io.now,
        });
      const running = await startSlackApp(settings, services, { ...(opts.host && { host: opts.host }) });
      const where = running.address ? ` on port ${running.address.port}` : '';
      io.stdout(
        `Rightsize Slack app running (${settings.mode === 'http' ? 'HTTP' : 'Socket Mode'}${where}), serving ${scans
          .accounts()
          .map((a) => `${a.id} (${a.source})`)
          .join(', ')}; Fix in AWS ${services.fixes ? 'on' : 'off (no state file)'}`,
      );
      // A first scan in the background, so status and the Home tab have data from the start.
      latestScans(scans).catch((e: unknown) => io.stderr(`rightsize: first scan failed: ${String(e)}`));
      const reason = await runtime.untilStopped();
      io.stdout(`${reason}: stopping the Slack app`);
      await running.stop();
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`not a port number: ${value}`);
  return n;
}
