import { describe, expect, it } from 'vitest';

import { adminFixture, runCli } from '../../test/support/cli.js';

const run = runCli;

const fixture = adminFixture;

describe('rightsize permissions', () => {
  it("explains a principal's services, policies and what the boundary caps", async () => {
    const { code, stdout } = await run('permissions', 'capped', '-s', await fixture());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^role capped/);
    expect(stdout).toMatch(/permissions boundary arn:aws:iam::123456789012:policy\/S3Only caps \d+ granted actions/);
    expect(stdout).toMatch(/^ {4}s3 +\d+\/\d+ +100%/m);
  });

  it('lists the actions of the services asked for, as JSON too', async () => {
    const { stdout } = await run('permissions', 'user/reader', '-s', await fixture(), '--service', 's3', '-f', 'json');
    const x = JSON.parse(stdout);
    expect(x.services.map((s: { service: string }) => s.service)).toEqual(['s3']);
    expect(x.actions).toContainEqual({ action: 's3:GetObject', access: 'unconditional' });
    expect(x.policies[0]).toMatchObject({ name: 'read', kind: 'inline' });
  });

  it('rejects an unknown service prefix with exit 2', async () => {
    const { code, stderr } = await run('permissions', 'reader', '-s', await fixture(), '--service', 'nosuch');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown service prefix nosuch/);
  });

  it('suggests near names for an unknown principal and exits 1', async () => {
    const { code, stderr } = await run('permissions', 'read', '-s', await fixture());
    expect(code).toBe(1);
    expect(stderr).toMatch(/no user, role or group "read".*\n {2}hint: did you mean user\/reader\?/);
  });
});
