import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUILD_OPTIONS, localInputs, OUT_DIR } from '../scripts/build.js';

// No Docker engine runs where the tests run, so the image is checked by reading its Dockerfile: every file the
// build bundles must be copied into the build stage, and the runtime stage must carry what the CLI needs.
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

async function stages(): Promise<Stage[]> {
  const dockerfile = DockerfileParser.parse(await readFile(join(repo, 'Dockerfile'), 'utf8'));
  const result: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile.getFROMs().find((f) => f.getRange().start.line === instruction.getRange().start.line);
      result.push({ name: from?.getBuildStage() ?? undefined, instructions: [] });
    } else result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

/** The source paths of a stage's COPY instructions: from the build context, or from the stage named `from`. */
function copied(stage: Stage, from?: string): string[] {
  return stage.instructions
    .filter((i): i is Copy => i instanceof Copy && i.getFromFlag()?.getValue() === from)
    .flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue()),
    );
}

/** The local source files `npm run build` bundles, as esbuild resolves them from the entry (nothing written). */
async function buildInputs(): Promise<string[]> {
  const { metafile } = await build({ ...BUILD_OPTIONS, write: false });
  return localInputs(metafile);
}

const covers = (sources: readonly string[], path: string) =>
  sources.some((s) => path === s || path.startsWith(`${s.replace(/\/$/, '')}/`));

describe('the Dockerfile', () => {
  it('copies into the build stage every file the build bundles, the build script, tsconfig.json and the lockfile', async () => {
    const build = (await stages()).find((s) => s.name === 'build');
    expect(build, 'a stage named build').toBeDefined();
    const sources = copied(build!);
    const inputs = await buildInputs();
    expect(inputs).toContain('src/cli.ts');
    expect(inputs.some((f) => f.startsWith('commands/'))).toBe(true);
    expect(inputs.some((f) => f.startsWith('views/'))).toBe(true);
    expect(inputs.filter((f) => !covers(sources, f))).toEqual([]);
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.ts'])
      expect(covers(sources, file), file).toBe(true);
  });

  it('starts the CLI through bin/rightsize.js, with the build it runs and the bundled demo account', async () => {
    const runtime = (await stages()).at(-1)!;
    expect(copied(runtime)).toEqual(
      expect.arrayContaining(['bin', 'examples/demo-account', 'examples/organization.json']),
    );
    expect(copied(runtime, 'build')).toEqual(
      expect.arrayContaining(['/app/package.json', '/app/node_modules', `/app/${OUT_DIR}`]),
    );
    const entrypoint = runtime.instructions.find((i) => i.getKeyword() === 'ENTRYPOINT');
    expect(JSON.parse(entrypoint!.getArgumentsContent() ?? '[]')).toEqual(['node', 'bin/rightsize.js']);
    // The entry imports the build's cli.js.
    const bin = await readFile(join(repo, 'bin', 'rightsize.js'), 'utf8');
    expect(bin).toContain(`import('../${OUT_DIR}/${Object.keys(BUILD_OPTIONS.entryPoints)[0]}.js')`);
  });
});
