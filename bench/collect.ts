/**
 * Collection benchmark (`npm run bench` runs it; alone: `tsx bench/collect.ts [--json] [--principals 100,1000]`).
 * 1. AWS API calls a full collection makes for N principals, counted by an SDK middleware, against a local
 *    stand-in for every API (17 regions). 2. With MOTO_URL set: wall time to collect an emulated account of
 *    500 roles through the real HTTP stack (skipped with a message otherwise).
 */
import { parseArgs } from 'node:util';
import { ApiCallCounter, collectAccount, type CollectOptions } from '../src/aws/index.js';
import { resetMoto, seedRoles, useMotoEnvironment } from '../test/aws/seed.js';
import { startStandIn, STAND_IN_REGIONS } from './collect/stand-in.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    principals: { type: 'string', default: '100,1000' },
    roles: { type: 'string', default: '500' },
  },
});

function options(counter: ApiCallCounter, overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    clients: { homeRegion: 'us-east-1', maxAttempts: 3, counter },
    skip: new Set(),
    concurrency: 4,
    stageTimeLimitMs: 600_000,
    pollDelayMs: 1,
    cloudTrail: { lookbackDays: 90 },
    now: () => new Date(),
    ...overrides,
  };
}

interface CallCount {
  principals: number;
  regions: number;
  calls: number;
  requests: number;
  callsPerPrincipal: number;
  byApi: { api: string; calls: number; requests: number }[];
  ms: number;
}

async function countCalls(principals: number): Promise<CallCount> {
  const standIn = await startStandIn(principals);
  const restore = useMotoEnvironment(standIn.url);
  try {
    const counter = new ApiCallCounter();
    const started = performance.now();
    const collected = await collectAccount({}, options(counter));
    const failed = collected.gaps.filter((g) => g.reason !== 'missing');
    if (failed.length > 0) throw new Error(`stand-in collection left gaps: ${JSON.stringify(failed)}`);
    return {
      principals,
      regions: STAND_IN_REGIONS.length,
      calls: counter.totalCalls,
      requests: counter.totalRequests,
      callsPerPrincipal: Math.round((counter.totalCalls / principals) * 100) / 100,
      byApi: counter.byApi(),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    restore();
    await standIn.stop();
  }
}

interface EmulatorRun {
  roles: number;
  seedMs: number;
  collectMs: number;
  authorizationDetailsOnlyMs: number;
  calls: number;
  requests: number;
  regions: number;
  gaps: string[];
}

async function emulator(url: string, roles: number): Promise<EmulatorRun> {
  const restore = useMotoEnvironment(url);
  try {
    await resetMoto(url);
    let started = performance.now();
    await seedRoles(url, roles);
    const seedMs = Math.round(performance.now() - started);
    const counter = new ApiCallCounter();
    started = performance.now();
    // moto answers access advisor and LookupEvents with HTTP 500: one attempt each, so they cost little.
    const collected = await collectAccount(
      {},
      options(counter, { clients: { homeRegion: 'us-east-1', maxAttempts: 1, counter } }),
    );
    const collectMs = Math.round(performance.now() - started);
    started = performance.now();
    await collectAccount(
      {},
      options(new ApiCallCounter(), {
        skip: new Set(['credential-report', 'ec2', 'lambda', 'access-advisor', 'cloudtrail']),
      }),
    );
    return {
      roles,
      seedMs,
      collectMs,
      authorizationDetailsOnlyMs: Math.round(performance.now() - started),
      calls: counter.totalCalls,
      requests: counter.totalRequests,
      regions: collected.regions.length,
      gaps: collected.gaps.map((g) => `${g.source}: ${g.reason}${g.api ? ` [${g.api}]` : ''}`),
    };
  } finally {
    restore();
  }
}

const counts: CallCount[] = [];
for (const n of values.principals.split(',').map(Number)) counts.push(await countCalls(n));
const motoUrl = process.env.MOTO_URL;
const emulatorRun = motoUrl ? await emulator(motoUrl, Number(values.roles)) : undefined;

if (values.json) {
  console.log(JSON.stringify({ apiCalls: counts, emulator: emulatorRun ?? 'skipped: MOTO_URL is not set' }, null, 2));
} else {
  console.log('\nAWS API calls of a full collection (all stages, stand-in for every API, counted by SDK middleware):');
  for (const c of counts) {
    console.log(
      `  ${c.principals} principals, ${c.regions} regions: ${c.calls} calls (${c.requests} HTTP requests), ${c.callsPerPrincipal} per principal, ${c.ms} ms locally`,
    );
    console.log(`    ${c.byApi.map((a) => `${a.api} ${a.calls}`).join(', ')}`);
  }
  if (!emulatorRun)
    console.log(
      '\nemulator: skipped, MOTO_URL is not set (bash ../shared/moto/start.sh 5000; MOTO_URL=http://127.0.0.1:5000)',
    );
  else
    console.log(
      `\nemulator (moto at ${motoUrl}): ${emulatorRun.roles} roles seeded in ${emulatorRun.seedMs} ms; full collection ${emulatorRun.collectMs} ms ` +
        `(${emulatorRun.calls} calls, ${emulatorRun.requests} requests, ${emulatorRun.regions} regions); IAM authorization details alone ${emulatorRun.authorizationDetailsOnlyMs} ms` +
        `\n  gaps (operations moto lacks): ${emulatorRun.gaps.join('; ') || 'none'}`,
    );
}
