import { beforeAll, describe, expect, it } from 'vitest';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import { suggestionDiff } from '../src/downsize/diff.js';
import { loadSnapshot } from '../src/snapshot/index.js';
import { realEngine } from './support/catalog.js';
import { usageFixtureOf, verifyEveryPrincipal, type UsageFixture } from './support/usage.js';

let demo: UsageFixture;
beforeAll(async () => {
  demo = usageFixtureOf(await loadSnapshot(demoSnapshotDir()), await realEngine());
});

describe('suggestions for the demo account', () => {
  it('keep every used action of every principal allowed (used-action verification)', () => {
    const results = verifyEveryPrincipal(demo);
    expect(results).toHaveLength(demo.index.principals.length);
    expect(results.filter((r) => !r.verification.ok)).toEqual([]);
    expect(results.reduce((n, r) => n + r.verification.checked, 0)).toBeGreaterThan(80);
  });

  it('take the unused administrator rights away from jenkins-legacy and keep what it uses', () => {
    const s = demo.suggest('role/jenkins-legacy');
    expect(s.verdict).toBe('downsize');
    const diff = suggestionDiff(s);
    expect(diff).toContain('-        "Action": "*:*",');
    for (const used of [
      'cloudformation:DescribeStacks',
      'ec2:DescribeInstances',
      'ecr:GetAuthorizationToken',
      's3:ListAllMyBuckets',
    ])
      expect(diff).toContain(`+          "${used}"`);
    expect(s.removed.services).toContain('iam');
    expect(s.removed.highRisk.map((r) => r.action)).toEqual(
      expect.arrayContaining(['iam:PassRole', 'iam:CreateAccessKey']),
    );
    expect(s.kept.actions).toBe(4);
  });

  it('downsize PowerUserAccess on developer-power to its logs and S3 use, keeping the region guardrail', () => {
    const s = demo.suggest('role/developer-power');
    expect(s.verdict).toBe('downsize');
    expect(s.kept.services).toEqual(['logs', 's3']);
    expect(s.kept.denyStatements).toBe(1);
    expect(s.policies[0]!.document.Statement.some((st) => st.Effect === 'Deny' && st.Condition)).toBe(true);
  });

  it('suggest quarantine for the unused role and no change it cannot judge', () => {
    expect(demo.suggest('role/old-reporting-role').verdict).toBe('remove');
    expect(demo.suggest('role/migration-2025').verdict).toBe('remove');
    expect(demo.suggest('role/new-feature-flags').verdict).toBe('insufficient-data');
  });
});
