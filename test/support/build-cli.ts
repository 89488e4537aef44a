import type { TestProject } from 'vitest/node';
import { buildCli } from '../../scripts/build.js';

/**
 * Vitest's global setup: a fresh build before the tests (and before each rerun in watch mode), so the tests that
 * start `bin/rightsize.js` as a process run the build a user runs, whichever way vitest was started.
 */
export default async function setup(project: TestProject): Promise<void> {
  await buildCli();
  project.onTestsRerun(async () => void (await buildCli()));
}
