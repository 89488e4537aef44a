import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';

// Development, the tests, the bench and the Docker image run one Node major. `npm ci` brings it (the `node`
// devDependency installs the binary as node_modules/.bin/node, which npm scripts put first on PATH), so the tests
// run on it even where the system Node that runs npm is older.
const repoFile = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');
const majorOf = (version: string) => Number(/\d+/.exec(version)?.[0]);

describe('the Node runtime', () => {
  it('runs the tests on the Node major of the Docker image, the one the node devDependency installs', async () => {
    const dockerfile = DockerfileParser.parse(await repoFile('Dockerfile'));
    const imageMajors = dockerfile.getFROMs().map((from) => majorOf(from.getImageTag() ?? ''));
    const pkg = JSON.parse(await repoFile('package.json')) as { devDependencies: Record<string, string> };
    const major = majorOf(process.versions.node);
    expect(new Set(imageMajors)).toEqual(new Set([major]));
    expect(majorOf(pkg.devDependencies.node ?? '')).toBe(major);
  });

  it('gives a child process started as `node` from PATH the same Node as the tests', async () => {
    const { stdout } = await promisify(execFile)('node', ['-p', 'process.versions.node']);
    expect(stdout.trim()).toBe(process.versions.node);
  });

  it('lets an AWS SDK client call out without a warning to the user (on Node 20 the SDK prints one)', async () => {
    // A live command's first call: a client, one request (refused by a closed local port), nothing on stderr.
    const firstCall = `
      const { IAMClient, ListRolesCommand } = await import('@aws-sdk/client-iam');
      const client = new IAMClient({
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      await client.send(new ListRolesCommand({})).catch(() => undefined);`;
    const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', firstCall]);
    expect(stderr).toBe('');
  });

  it('is the Node the README tells developers they get', async () => {
    const readme = await repoFile('README.md');
    const development = readme.slice(readme.indexOf('## Development'));
    expect(development).toContain(`Node.js ${majorOf(process.versions.node)}`);
  });
});
