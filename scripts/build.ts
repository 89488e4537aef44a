/**
 * `npm run build`, also run by `prepare` (so `npm ci` leaves a ready build) and before `npm test` and the bench:
 * bundles the CLI into dist/ with esbuild, type checking being `npm run typecheck`'s job.
 *
 * dist/cli.js is the entry bin/rightsize.js imports. Every subcommand module, which src/cli/commands.ts imports only
 * when that subcommand runs, becomes its own chunk, and code several of them share goes into dist/chunks/, so a
 * command loads what it needs and nothing else. Dependencies stay in node_modules (some read their own files, and
 * a subcommand loads them only when it imports them).
 *
 * dist/build-inputs.json lists the source files the bundle was made from and when the build started: bin/rightsize.js
 * compares their times with it to notice, in a checkout, sources edited since the build.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT_DIR = 'dist';
export const INPUTS_FILE = 'build-inputs.json';

/** What bin/rightsize.js reads back from dist/build-inputs.json. */
export interface BuildInputs {
  /** Date.now() when the build read its sources: a source changed after it is newer than the build. */
  startedAt: number;
  /** The local source files of the bundle, relative to the package root. */
  files: string[];
}

export const BUILD_OPTIONS = {
  absWorkingDir: ROOT,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The oldest Node engines allows.
  target: 'node22.12',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** The local source files a bundle was made from, relative to the package root (packages are not bundled). */
export function localInputs(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs)
    .filter((file) => !file.startsWith('node_modules/'))
    .map((file) => relative(ROOT, join(ROOT, file)))
    .sort();
}

/** A fresh dist/: old chunks, whose names carry a hash, would otherwise pile up. */
export async function buildCli(): Promise<BuildInputs> {
  const startedAt = Date.now();
  await rm(join(ROOT, OUT_DIR), { recursive: true, force: true });
  const { metafile } = await build(BUILD_OPTIONS);
  const inputs: BuildInputs = { startedAt, files: localInputs(metafile) };
  await writeFile(join(ROOT, OUT_DIR, INPUTS_FILE), `${JSON.stringify(inputs)}\n`);
  return inputs;
}

if (process.argv[1]?.endsWith('build.ts')) await buildCli();
