#!/usr/bin/env node
// `rightsize`: runs the build in dist/ (scripts/build.ts; `npm ci` makes it through the prepare script, `npm run build`
// remakes it). In a checkout whose sources changed since that build, it runs the sources through tsx instead and
// says so, so an edit is never silently ignored and `npm run build` makes it fast again.
import { readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node ≥ 22.1 keeps the compiled code of the modules it loads (in the temp directory): later runs skip compiling.
module.enableCompileCache?.();

// A reader that stops early (`rightsize scan --format json | head`) closes the pipe: end quietly, as other command-line
// tools do, rather than with a stack trace about EPIPE.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const root = new URL('../', import.meta.url);
// A path, not a URL per file: the check below stats every source (~380 in a checkout), and a URL each cost more than the stat.
const rootPath = fileURLToPath(root);
const reason = sourcesAhead();
let main;
if (reason) {
  process.stderr.write(
    `rightsize: ${reason}, so this runs the sources through tsx (slower); npm run build makes the build current\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
} else {
  ({ main } = await import('../dist/cli.js'));
}
process.exitCode = await main(process.argv);

/**
 * Why the build cannot be trusted to be the sources: no build, or a source of it changed (or went) since it started.
 * Undefined where there are no sources to compare with (an installed package, the container image).
 */
function sourcesAhead() {
  if (!exists('src/cli.ts')) return undefined;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(new URL('dist/build-inputs.json', root), 'utf8'));
  } catch {
    return 'there is no build in dist/';
  }
  for (const file of inputs.files) {
    const modified = statSync(rootPath + file, { throwIfNoEntry: false })?.mtimeMs;
    if (modified === undefined) return `${file} is gone since the build`;
    if (modified >= inputs.startedAt) return `${file} changed since the build`;
  }
  return undefined;
}

function exists(file) {
  return statSync(new URL(file, root), { throwIfNoEntry: false }) !== undefined;
}
