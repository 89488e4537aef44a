import { describe, expect, it } from 'vitest';

import { runCli } from '../../test/support/cli.js';

const run = runCli;

describe('rightsize insights', () => {
  it('prints provisioned against used per service for a demo role', async () => {
    const { code, stdout } = await run('insights', 'role/jenkins-legacy');
    expect(code).toBe(0);
    expect(stdout).toMatch(/role jenkins-legacy/);
    expect(stdout).toMatch(/usage window: the 90 days to 2026-11-20/);
    expect(stdout).toMatch(/used: 4 actions/);
    expect(stdout).toMatch(/ecr\s+\d+\s+1\s+2026-11-20\s+actions/);
    expect(stdout).toMatch(/Unused high-risk actions/);
    expect(stdout).toMatch(/CloudTrail events cover 58 of the 90 days/);
  });

  it('prints one JSON object with the sources and the share used', async () => {
    const { code, stdout } = await run('insights', 'role/developer-power', '--format', 'json');
    expect(code).toBe(0);
    const x = JSON.parse(stdout);
    expect(x.principal.name).toBe('developer-power');
    expect(x.sources.map((s: { source: string }) => s.source)).toEqual([
      'access-advisor',
      'cloudtrail',
      'role-last-used',
    ]);
    expect(x.used.services).toBe(2);
    expect(x.shareUsed.services).toBeLessThan(0.05);
    expect(x.usedActions.map((a: { action: string }) => a.action)).toContain('s3:ListBucket');
  });

  it('says which principal it cannot find', async () => {
    const { code, stderr } = await run('insights', 'role/nope');
    expect(code).toBe(1);
    expect(stderr).toMatch(/no user, role or group "role\/nope"/);
  });
});
