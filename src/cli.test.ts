import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('the installed command', () => {
  it('runs the build through bin/rightsize.js with --help', async () => {
    const { stdout, stderr } = await promisify(execFile)('node', ['bin/rightsize.js', '--help']);
    expect(stdout).toMatch(/Usage: rightsize/);
    expect(stdout).toMatch(/scan \[options\]/);
    // Nothing about sources newer than the build: vitest's global setup builds first.
    expect(stderr).toBe('');
  });
});
