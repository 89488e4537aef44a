/**
 * Access-query latency (issue 20) on one snapshot directory, in a fresh process; prints one JSON object.
 * The first query builds the index (effective permissions of every principal, then the escalation
 * graph); then each query of QUERIES is asked `runs` times against that index and its median taken.
 * Times are CPU time of this process (the bench machine is shared). Target: ≤ 100 ms per who-can query
 * after the first. Run by bench/run.ts at 10k principals; usable
 * alone: `npx tsx bench/queries.ts bench/out/org-10000 [runs]`.
 */
import { loadActionCatalog } from '../src/iam/catalog-loader.js';
import { PolicyEngine } from '../src/iam/index.js';
import { AccessIndex, can, parseContext, path, whoCan, type Via } from '../src/queries/index.js';
import { loadSnapshot } from '../src/snapshot/index.js';
import type { QueriesMeasurement, QueryTiming } from './queries-report.js';

const QUERIES: { action: string; resource?: string; via?: Via; context?: string[] }[] = [
  { action: 'iam:PassRole' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::payroll/*' },
  { action: 's3:Get*', via: 'direct' },
  { action: 'ec2:RunInstances', context: ['aws:MultiFactorAuthPresent=true', 'aws:RequestedRegion=us-east-1'] },
  { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::*:user/*' },
  { action: 'kms:Decrypt', via: 'direct' },
  { action: 'sts:AssumeRole', via: 'escalation' },
];

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

/** CPU time (user + system) of fn: the machine is shared, and wall time would count the others' work. */
function timed<T>(fn: () => T): [T, number] {
  const start = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(start);
  return [value, (used.user + used.system) / 1000];
}

const [dir = 'bench/out/org-10000', runsArg = '5'] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg));
const engine = new PolicyEngine(await loadActionCatalog());
const snapshot = await loadSnapshot(dir);
const [index, indexMs] = timed(() => new AccessIndex(snapshot, engine, new Date()));
const [, escalationGraphMs] = timed(() => index.escalation());

const ask = (q: (typeof QUERIES)[number]) => {
  const context = parseContext(q.context);
  return whoCan(index, q.action, q.resource, { ...(q.via && { via: q.via }), ...(context && { context }) });
};
const [, firstQueryMs] = timed(() => ask(QUERIES[0]!));

const timings: QueryTiming[] = QUERIES.map((q) => {
  const times: number[] = [];
  let answered = 0;
  for (let i = 0; i < runs; i++) {
    const [answer, ms] = timed(() => ask(q));
    answered = answer.direct.length + answer.conditional.length + answer.escalation.length;
    times.push(ms);
  }
  const label = [
    q.action,
    q.resource ?? '*',
    q.via ? `--via ${q.via}` : '',
    ...(q.context ?? []).map((c) => `--context ${c}`),
  ]
    .filter(Boolean)
    .join(' ');
  return { query: label, answered, medianMs: round(median(times)), minMs: round(Math.min(...times)) };
});

const principals = index.accounts.principals;
const sample = Array.from({ length: 20 }, (_, i) => principals[Math.floor((i * principals.length) / 20)]!);
const canTimes = sample.map((p) => timed(() => can(index, p, 's3:Get*', 'arn:aws:s3:::payroll/*'))[1]);
const pathTimes = sample.map((p) => timed(() => path(index, p, 'administrator'))[1]);

const result: QueriesMeasurement = {
  dir,
  principals: principals.length,
  indexMs: Math.round(indexMs),
  escalationGraphMs: Math.round(escalationGraphMs),
  firstQueryMs: round(firstQueryMs),
  whoCan: timings,
  whoCanMedianMs: round(median(timings.map((t) => t.medianMs))),
  canMedianMs: round(median(canTimes)),
  pathMedianMs: round(median(pathTimes)),
};
console.log(JSON.stringify(result));
