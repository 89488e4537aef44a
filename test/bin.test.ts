import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// bin/rightsize.js in a package of its own: a build and sources that each say which ran, so the test sees which one
// the entry chose (the real tsx runs the sources).
const repo = fileURLToPath(new URL('..', import.meta.url));
let pkg: string;
const builtAt = Date.now() - 60_000;

beforeEach(async () => {
  pkg = await mkdtemp(join(tmpdir(), 'rightsize-bin-'));
  for (const dir of ['bin', 'dist', 'src']) await mkdir(join(pkg, dir));
  await copyFile(join(repo, 'bin', 'rightsize.js'), join(pkg, 'bin', 'rightsize.js'));
  await symlink(join(repo, 'node_modules'), join(pkg, 'node_modules'));
  await writeFile(join(pkg, 'package.json'), '{ "type": "module" }\n');
  const says = (which: string) => `process.stdout.write('${which}: ' + argv.slice(2).join(' ')); return 0;`;
  await writeFile(join(pkg, 'dist', 'cli.js'), `export async function main(argv) { ${says('the build')} }\n`);
  await writeFile(
    join(pkg, 'src', 'cli.ts'),
    `export async function main(argv: string[]): Promise<number> { ${says('the sources')} }\n`,
  );
  await writeFile(join(pkg, 'src', 'rules.ts'), 'export const RULES: string[] = [];\n');
  await writeFile(
    join(pkg, 'dist', 'build-inputs.json'),
    JSON.stringify({ startedAt: builtAt, files: ['src/cli.ts', 'src/rules.ts'] }),
  );
  for (const file of ['src/cli.ts', 'src/rules.ts']) await touch(file, builtAt - 60_000);
});
afterEach(() => rm(pkg, { recursive: true, force: true }));

const touch = (file: string, ms: number) => utimes(join(pkg, file), ms / 1000, ms / 1000);

async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [join(pkg, 'bin', 'rightsize.js'), ...args]);
}

describe('bin/rightsize.js', () => {
  it('runs the build when no source changed since it', async () => {
    expect(await run('scan', '--format', 'json')).toEqual({ stdout: 'the build: scan --format json', stderr: '' });
  });

  it('runs the sources through tsx, and says why, when one changed after the build started', async () => {
    await touch('src/rules.ts', builtAt + 1000);
    const { stdout, stderr } = await run('scan');
    expect(stdout).toBe('the sources: scan');
    expect(stderr).toMatch(/src\/rules\.ts changed since the build, so this runs the sources through tsx/);
    expect(stderr).toMatch(/npm run build makes the build current/);
  });

  it('runs the sources when a source of the build is gone, or there is no build', async () => {
    await rm(join(pkg, 'src', 'rules.ts'));
    expect((await run()).stderr).toMatch(/src\/rules\.ts is gone since the build/);
    await rm(join(pkg, 'dist'), { recursive: true });
    expect(await run('--version')).toEqual({
      stdout: 'the sources: --version',
      stderr: expect.stringMatching(/^rightsize: there is no build in dist\//),
    });
  });

  it('runs the build without comparing where there are no sources (an installed package, the image)', async () => {
    await touch('src/rules.ts', builtAt + 1000);
    await rm(join(pkg, 'src'), { recursive: true });
    expect(await run('scan')).toEqual({ stdout: 'the build: scan', stderr: '' });
  });

  it('ends quietly when the reader of its output stops early (`rightsize scan --format json | head`)', async () => {
    const lines = 'for (let i = 0; i < 100000; i++) process.stdout.write(`line ${i}\\n`); return 0;';
    await writeFile(join(pkg, 'dist', 'cli.js'), `export async function main() { ${lines} }\n`);
    const child = spawn(process.execPath, [join(pkg, 'bin', 'rightsize.js'), 'scan'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
