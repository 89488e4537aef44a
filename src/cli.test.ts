import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('the installed command', () => {
  it('runs through bin/rightsize.js with --help', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/rightsize.js', '--help']);
    expect(stdout).toMatch(/Usage: rightsize/);
    expect(stdout).toMatch(/scan \[options\]/);
  });
});
