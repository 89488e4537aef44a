import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CASES, DEMO_SETTINGS } from '../scripts/generate-demo-account.js';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import { RULES } from '../src/risks/rules/index.js';
import { runRules } from '../src/risks/run.js';
import type { ScanResult } from '../src/risks/types.js';
import { loadAccountSnapshot } from '../src/organization/load.js';
import { realEngine } from './support/catalog.js';

let result: ScanResult;
beforeAll(async () => {
  const snapshot = await loadAccountSnapshot(demoSnapshotDir());
  result = runRules(snapshot, await realEngine(), { now: new Date(snapshot.collectedAt), settings: DEMO_SETTINGS });
});

const flagged = (ruleId: string) =>
  new Set(result.findings.filter((f) => f.ruleId === ruleId).flatMap((f) => [f.resourceArn, f.resourceName]));

describe('the bundled demo account', () => {
  it('is exactly what the generator script produces', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rightsize-demo-'));
    await promisify(execFile)('node', ['--import', 'tsx', 'scripts/generate-demo-account.ts', out]);
    for (const file of await readdir(demoSnapshotDir()))
      expect(await readFile(join(out, file), 'utf8'), file).toBe(await readFile(join(demoSnapshotDir(), file), 'utf8'));
  });

  it('loads without problems or gaps', () => {
    expect(result.problems).toEqual([]);
    expect(result.gaps).toEqual([]);
  });

  it('lists its one unknown action, the s3:GetObjekt typo, and no action of an AWS-managed policy', () => {
    expect(result.unknownActions).toEqual({
      listed: [
        {
          action: 's3:GetObjekt',
          unknown: 'action',
          policy: 'arn:aws:iam::111122223333:policy/data-science-read',
          statement: 0,
          policies: 1,
        },
      ],
      more: 0,
    });
  });

  it('has a case table for every rule', () => {
    expect(Object.keys(DEMO_CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    it(`${rule.id}: reports every true case and none of the near misses`, () => {
      const cases = DEMO_CASES[rule.id]!;
      const found = flagged(rule.id);
      expect(cases.trueCases.length).toBeGreaterThan(0);
      expect(cases.trueCases.filter((arn) => !found.has(arn))).toEqual([]);
      expect(cases.nearMisses.filter((arn) => found.has(arn))).toEqual([]);
    });
  }

  it('runs every rule without a notice (the demo has every data source)', () => {
    expect(result.notices).toEqual([]);
  });
});
