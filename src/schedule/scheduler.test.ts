import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACCOUNT,
  authorizationDetails,
  snapshotDir,
  user,
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { tempDir } from '../../test/support/findings.js';
import { parseConfig, type RightsizeConfig } from '../config/index.js';
import { RULES } from '../risks/rules/index.js';
import { ScanService } from '../scans/scan-service.js';
import { DirectorySnapshotSource, type SnapshotSource } from '../scans/snapshot-source.js';
import { StateStore } from '../store/index.js';
import type { DigestEvent, FailedEvent, SkippedEvent } from './events.js';
import { Scheduler } from './scheduler.js';

/** A snapshot directory source that waits until the test opens the gate: a scan that is "still running". */
class GatedSource implements SnapshotSource {
  readonly description: string;
  #open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.#open = resolve));
  constructor(private readonly inner: SnapshotSource) {
    this.description = inner.description;
  }
  open() {
    this.#open();
  }
  async load() {
    await this.gate;
    return this.inner.load();
  }
}

async function setup(yaml: string, source?: (dir: string) => SnapshotSource) {
  const dir = await snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: [user('root-like', { managed: [ADMIN_ARN] })],
      policies: [ADMINISTRATOR_ACCESS],
    }),
  });
  const config: RightsizeConfig = parseConfig(yaml, {});
  const store = await StateStore.open(join(await tempDir(), 'state.json'));
  const logs: string[] = [];
  const log = (level: string) => (m: string) => logs.push(`${level} ${m}`);
  const live = source?.(dir);
  const scheduler = new Scheduler({
    config,
    scans: new ScanService({ store, engine: realEngine, settings: config.rules, now: () => new Date() }),
    sources: { live: () => live ?? new DirectorySnapshotSource(dir) },
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    ruleTitles: new Map(RULES.map((r) => [r.id, r.title])),
  });
  const events = { digest: [] as DigestEvent[], skipped: [] as SkippedEvent[], failed: [] as FailedEvent[] };
  scheduler.subscribe({
    digest: (e) => void events.digest.push(e),
    skipped: (e) => void events.skipped.push(e),
    failed: (e) => void events.failed.push(e),
  });
  return { scheduler, store, logs, events, source: live as GatedSource };
}

const TWO_SCHEDULES = `
accounts: [{ id: '${ACCOUNT}', name: prod }]
schedules:
  - { name: hourly, cron: '0 * * * *', accounts: [prod], channel: '#sec', minSeverity: high }
  - { name: daily, cron: '0 6 * * *' }
`;

afterEach(() => {
  vi.useRealTimers();
});

describe('the scheduler', () => {
  it('skips a scan of an account that another schedule is still scanning, and says so', async () => {
    const { scheduler, store, logs, events, source } = await setup(
      TWO_SCHEDULES,
      (dir) => new GatedSource(new DirectorySnapshotSource(dir)),
    );
    const [hourly, daily] = scheduler.schedules;
    const first = scheduler.runSchedule(hourly!);
    await scheduler.runSchedule(daily!);
    expect(events.skipped).toEqual([
      {
        schedule: 'daily',
        accountId: ACCOUNT,
        reason: `daily: prod (${ACCOUNT}) is already being scanned by hourly; skipped`,
      },
    ]);
    expect(logs).toContain(`warn daily: prod (${ACCOUNT}) is already being scanned by hourly; skipped`);
    source.open();
    await first;
    expect(events.digest).toHaveLength(1);
    expect(events.digest[0]).toMatchObject({
      schedule: 'hourly',
      channel: '#sec',
      digest: { baseline: true, minSeverity: 'high' },
    });
    expect(store.scans()).toHaveLength(1);
    // Once the first scan is done, the account can be scanned again.
    await scheduler.runSchedule(daily!);
    expect(events.digest.map((e) => e.digest.baseline)).toEqual([true, false]);
  });

  it('gives each account its digest, and says why, when an organisation digest cannot be posted here (no Slack app)', async () => {
    const { scheduler, logs, events } = await setup(`
accounts: [{ id: '${ACCOUNT}', name: prod }]
schedules:
  - { name: by-org, cron: '0 * * * *', channel: '#sec', digest: organization }
`);
    await scheduler.runSchedule(scheduler.schedules[0]!);
    expect(events.digest.map((e) => e.digest.accountId)).toEqual([ACCOUNT]);
    expect(logs).toContain(
      "warn by-org: the organisation digest is posted by `rightsize serve`; each account's digest is given instead",
    );
  });

  it('logs and reports a failed scan without throwing, and a failing listener does not stop the others', async () => {
    const failing: SnapshotSource = {
      description: 'broken source',
      load: () =>
        Promise.reject(new Error('AccessDenied: not authorized to perform iam:GetAccountAuthorizationDetails')),
    };
    const { scheduler, logs, events } = await setup(TWO_SCHEDULES, () => failing);
    scheduler.subscribe({
      failed: () => {
        throw new Error('slack is down');
      },
    });
    await expect(scheduler.runSchedule(scheduler.schedules[0]!)).resolves.toBeUndefined();
    expect(events.failed).toHaveLength(1);
    expect(logs).toContain(
      `error hourly: scan of prod (${ACCOUNT}) failed: AccessDenied: not authorized to perform iam:GetAccountAuthorizationDetails`,
    );
    expect(logs).toContain('error a failed listener failed: slack is down');
  });

  it('on stop, waits for a running scan to finish and starts no new one', async () => {
    const { scheduler, store, events, source } = await setup(
      TWO_SCHEDULES,
      (dir) => new GatedSource(new DirectorySnapshotSource(dir)),
    );
    const running = scheduler.runSchedule(scheduler.schedules[0]!);
    const stopping = scheduler.stop(60_000);
    source.open();
    expect(await stopping).toBe('finished');
    await running;
    expect(store.scans()).toHaveLength(1);
    await scheduler.runSchedule(scheduler.schedules[1]!);
    expect(events.digest).toHaveLength(1);
  });

  it('abandons a scan still running after the grace period', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { scheduler, store, source } = await setup(
      TWO_SCHEDULES,
      (dir) => new GatedSource(new DirectorySnapshotSource(dir)),
    );
    void scheduler.runSchedule(scheduler.schedules[0]!);
    const stopping = scheduler.stop(30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await stopping).toBe('abandoned');
    expect(store.scans()).toEqual([]);
    source.open();
  });

  it('runs one cron job per schedule, in its time zone', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T05:30:00Z') });
    const { scheduler, events } = await setup(`
accounts: [{ id: '${ACCOUNT}' }]
schedules:
  - { name: berlin-morning, cron: '0 7 * * 1-5', timezone: Europe/Berlin }
  - { name: utc-night, cron: '0 2 * * *' }
`);
    scheduler.start();
    expect(scheduler.nextRuns()).toEqual([
      { schedule: 'berlin-morning', next: new Date('2026-01-05T06:00:00Z') },
      { schedule: 'utc-night', next: new Date('2026-01-06T02:00:00Z') },
    ]);
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(events.digest.map((e) => e.schedule)).toEqual(['berlin-morning']), {
      timeout: 10_000,
    });
    expect(await scheduler.stop(1000)).toBe('finished');
  });
});
