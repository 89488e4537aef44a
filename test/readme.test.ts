import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generatedReadme } from '../scripts/update-readme.js';

describe('the README', () => {
  it('lists the rule catalog, escalation coverage and config keys exactly as the code has them (npm run docs)', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(await generatedReadme(readme));
  });

  it('has the two-command quick start', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/npm ci\s*\nnpx rightsize scan/);
  });
});
