// One organisation-bench job: `rightsize` from the copy of dist/ that bench/organization.ts made (RIGHTSIZE_DIST), so
// that a test run rebuilding dist/ meanwhile (vitest's global setup) changes nothing under the bench.
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const { main } = await import(pathToFileURL(join(resolve(process.env.RIGHTSIZE_DIST), 'cli.js')).href);
process.exitCode = await main(process.argv);
