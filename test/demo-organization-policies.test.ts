/**
 * The bundled demo organisation (examples/organization.json, from scripts/generate-demo-organization.ts): the demo
 * account sits in OU Workloads, where SCP deny-iam-for-departing-admin keeps one administrator, user alice.nguyen,
 * out of IAM; the other administrators stay full administrators within the organisation's guardrail.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SETTINGS } from '../scripts/generate-demo-account.js';
import { demoOrganization } from '../scripts/generate-demo-organization.js';
import { loadAccountSnapshot } from '../src/organization/load.js';
import { runRules } from '../src/risks/run.js';
import type { ScanResult } from '../src/risks/types.js';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import { realEngine } from './support/catalog.js';
import { runCli } from './support/cli.js';

let result: ScanResult;
beforeAll(async () => {
  const snapshot = await loadAccountSnapshot(demoSnapshotDir());
  result = runRules(snapshot, await realEngine(), {
    now: new Date(snapshot.collectedAt),
    settings: DEMO_SETTINGS,
  });
});

describe('the bundled demo organisation', () => {
  it('is exactly what the generator script produces', async () => {
    const file = join(demoSnapshotDir(), '..', 'organization.json');
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify(demoOrganization(), null, 2)}\n`);
  });

  it('caps exactly one administrator of acme-demo, and names the SCP that does', () => {
    const admins = result.findings.filter((f) => f.ruleId === 'admin-access');
    const capped = admins.filter((f) => f.title.includes(', except what SCP'));
    expect(capped.map((f) => [f.resourceName, f.severity, f.title])).toEqual([
      [
        'alice.nguyen',
        'high',
        'user alice.nguyen is an administrator, except what SCP deny-iam-for-departing-admin denies at OU Workloads',
      ],
    ]);
    expect(
      admins
        .filter((f) => f.severity === 'critical')
        .map((f) => f.resourceName)
        .sort(),
    ).toEqual(['admins', 'break-glass-admin', 'jenkins-legacy']);
    expect(result.gaps).toEqual([]);
  });

  it('lacks the part of the guardrail attached to OU Shared only, and has no SCP that denies nothing', () => {
    expect(result.findings.filter((f) => f.ruleId === 'organization-guardrail').map((f) => f.title)).toEqual([
      "account acme-demo (Root/Workloads) lacks the organisation's guardrail: SCP deny-root-user",
    ]);
    expect(result.notices.filter((n) => n.ruleId === 'organization-guardrail')).toEqual([]);
  });

  it('shows the capped administrator in the demo scan, and takes another organization.json with --organization', async () => {
    const scan = await runCli('scan', '--rule', 'admin-access');
    expect(scan.stdout).toContain(
      'user alice.nguyen is an administrator, except what SCP deny-iam-for-departing-admin denies at OU Workloads',
    );
    const bad = await runCli('scan', '--organization', join(demoSnapshotDir(), 'CASES.md'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/CASES\.md: not valid JSON.*\n.*hint: re-run `rightsize collect --organization`/);
  });
});
