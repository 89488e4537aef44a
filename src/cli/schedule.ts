import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigError, RightsizeError } from '../errors.js';
import type { LineLogger } from '../log.js';
import { commandConfig, requireStore, STATE_OPTION_HELP, type CommandContext } from './context.js';
import type { Signal } from './io.js';

interface ScheduleOptions {
  state?: string;
  once: boolean;
  runNow: boolean;
  grace: number;
  format: 'text' | 'json';
}

/**
 * `rightsize schedule`: runs the configured schedules headless, printing each digest (the Slack app subscribes
 * to the same events). SIGTERM or SIGINT stops it: running scans finish (up to --grace seconds), nothing new starts.
 */
export function register(command: Command, ctx: CommandContext): void {
  command
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .option('--run-now', 'also run every schedule once at start', false)
    .option('--once', 'run every schedule once and exit (exit 1 when a scan failed)', false)
    .option('--grace <seconds>', 'on SIGTERM, how long running scans may take to finish', seconds, 60)
    .addOption(
      new Option('-f, --format <format>', 'digest format (json: one object per line)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (opts: ScheduleOptions) => {
      const config = await commandConfig(ctx);
      if (config.schedules.length === 0)
        throw new ConfigError(config.file, [{ path: 'schedules', message: 'no schedules to run' }], {
          hint: 'add a schedule (see rightsize.example.yaml) and pass the file with --config or RIGHTSIZE_CONFIG',
        });
      // node-cron, the rules, Jira, the workflows and Slack load now, not for `schedule --help`.
      const [{ RULES }, { Scheduler }, { digestJson, renderDigestText }, { jiraRetryJob }, { recordingServices }] =
        await Promise.all([
          import('../risks/rules/index.js'),
          import('../schedule/index.js'),
          import('../scans/digest-text.js'),
          import('../jira/setup.js'),
          import('./recording.js'),
        ]);
      const store = await requireStore(opts.state, ctx, config);
      const logger = timestampedLogger(ctx);
      const { scans, sources, jira, workflows } = await recordingServices(ctx, config, store, logger);
      const scheduler = new Scheduler({
        config,
        scans,
        sources,
        logger,
        ruleTitles: new Map(RULES.map((r) => [r.id, r.title])),
        jobs: jiraRetryJob(jira, config),
      });
      let failures = 0;
      scheduler.subscribe({
        digest: ({ digest }) =>
          ctx.stdout(opts.format === 'json' ? digestJson(digest) : `${renderDigestText(digest)}\n`),
        failed: () => void failures++,
      });
      logger.info(`state file ${store.path}`);

      if (opts.once) {
        for (const schedule of scheduler.schedules) await scheduler.runSchedule(schedule);
        await scheduler.runJobs();
        await workflows?.stop();
        await store.flush();
        if (failures > 0) ctx.setExitCode(1);
        return;
      }

      let release!: () => void;
      const stopped = new Promise<void>((resolve) => (release = resolve));
      let stopping = false;
      const onSignal = (signal: Signal) => () => {
        if (stopping) {
          logger.warn(`${signal} again: not waiting any longer`);
          release();
          return;
        }
        stopping = true;
        logger.info(`${signal}: stopping`);
        void scheduler.stop(opts.grace * 1000).then(async (outcome) => {
          if (outcome === 'abandoned')
            logger.warn('scans still running were abandoned; the state keeps its last complete write');
          await workflows?.stop();
          await store.flush();
          release();
        });
      };
      const removers = (['SIGTERM', 'SIGINT'] as const).map((signal) => ctx.onSignal(signal, onSignal(signal)));

      scheduler.start();
      for (const { schedule, next } of scheduler.nextRuns())
        logger.info(`${schedule}: next run ${next ? next.toISOString() : 'never'}`);
      if (opts.runNow)
        void Promise.all(scheduler.schedules.map((s) => scheduler.runSchedule(s))).catch((e: unknown) =>
          logger.error(e instanceof RightsizeError ? e.message : String(e)),
        );
      await stopped;
      for (const remove of removers) remove();
      logger.info('stopped');
    });
}

function timestampedLogger(ctx: CommandContext): LineLogger {
  const line = (level: string) => (message: string) => ctx.stderr(`${ctx.now().toISOString()} ${level} ${message}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds');
  return n;
}
