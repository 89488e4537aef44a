/**
 * Faults a person meets outside the happy path get a message and a hint, never a stack trace: no AWS credentials,
 * AWS unreachable (for fixes and for collect), a configuration that expands without bound, a snapshot nested thousands of levels deep.
 */
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import { runCli } from './support/cli.js';
import { rightsizeProcess } from './support/cli-process.js';
import { tempDir } from './support/findings.js';

/** A stack trace's frames, as Node prints them. */
const STACK_FRAME = /^\s+at .+[:(]/m;

/** The environment of a machine with no AWS configuration at all. */
async function noAwsEnvironment(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const home = await tempDir();
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

/** The demo account's unused access key: a finding with a fix plan, which reads AWS first. */
async function fixableFinding(): Promise<string> {
  const scan = await runCli('scan', '--snapshot', demoSnapshotDir(), '--rule', 'unused-access-key', '--format', 'json');
  return (JSON.parse(scan.stdout) as { findings: { id: string }[] }).findings[0]!.id;
}

describe('clean errors instead of stack traces', () => {
  it('fix plan without AWS credentials says how to provide them', async () => {
    const run = rightsizeProcess(['fix', 'plan', await fixableFinding()], await noAwsEnvironment());
    const { code, output } = await run.exited;
    expect(code).toBe(1);
    expect(output).toMatch(
      /rightsize: sts:GetCallerIdentity: CredentialsProviderError: Could not load credentials from any providers\n {2}hint: configure AWS credentials/,
    );
    expect(output).not.toMatch(STACK_FRAME);
  });

  it('fix apply against an AWS endpoint that does not answer says AWS could not be reached', async () => {
    const env = await noAwsEnvironment({
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
    const state = join(await tempDir(), 'state.json');
    const args = ['fix', 'apply', await fixableFinding(), '--approved-by', 'dana', '--by', 'ops', '--state', state];
    const { code, output } = await rightsizeProcess(args, env).exited;
    expect(code).toBe(1);
    expect(output).toMatch(
      /rightsize: sts:GetCallerIdentity: .*ECONNREFUSED 127\.0\.0\.1:9\n {2}hint: AWS could not be reached: check the network, and AWS_ENDPOINT_URL/,
    );
    expect(output).not.toMatch(STACK_FRAME);
  });

  it('collect tells no credentials apart from an AWS that does not answer', async () => {
    const out = await tempDir();
    const missing = await rightsizeProcess(['collect', '--out', out], await noAwsEnvironment()).exited;
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(
      /rightsize: the current credentials’ account: cannot get credentials: CredentialsProviderError: .*\n {2}hint: configure AWS credentials/,
    );
    const env = await noAwsEnvironment({
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
    const down = await rightsizeProcess(['collect', '--out', out], env).exited;
    expect(down.code).toBe(1);
    expect(down.output).toMatch(
      /rightsize: the current credentials’ account: cannot reach AWS: .*ECONNREFUSED 127\.0\.0\.1:9\n {2}hint: AWS could not be reached: check the network, and AWS_ENDPOINT_URL/,
    );
    for (const output of [missing.output, down.output]) expect(output).not.toMatch(STACK_FRAME);
  });

  it('a YAML alias bomb in the config is refused with the file named', async () => {
    const config = join(await tempDir(), 'rightsize.yaml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries())
      levels.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`);
    await writeFile(config, `${levels.join('\n')}\n`);
    const { code, stderr } = await runCli('--config', config, 'scan');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /rightsize: .*rightsize\.yaml: not usable YAML: Excessive alias count .*\n {2}hint: write the configuration out plainly/,
    );
  });

  it('a CloudTrail Lake cell nested 100,000 levels deep names the file and where', async () => {
    const dir = join(await tempDir(), 'snapshot');
    await cp(demoSnapshotDir(), dir, { recursive: true });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const row = `[{"eventTime":"2026-01-01T00:00:00Z"},{"eventSource":"s3.amazonaws.com"},{"eventName":"GetObject"},{"resources":${deep}}]`;
    await writeFile(join(dir, 'cloudtrail-lake.json'), `{"QueryStatus":"FINISHED","QueryResultRows":[${row}]}`);
    const { code, stderr } = await runCli('scan', '--snapshot', dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /rightsize: .*cloudtrail-lake\.json at \$\.QueryResultRows\[0\]\[3\]\.resources\[0\]\[0\]\[0\]\[0\]…: nested more than 64 levels deep\n {2}hint: /,
    );
  });
});
