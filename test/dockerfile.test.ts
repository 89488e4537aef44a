import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// No Docker engine runs where the tests run, so the image is checked by reading its Dockerfile: every file the
// build compiles must be copied into the build stage, and the runtime stage must carry what the CLI needs.
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

/** What a stage's COPY instructions take from the build context (not from another stage): their source paths. */
function copiedFromContext(stage: Stage): string[] {
  return stage.instructions
    .filter((i) => i.getKeyword() === 'COPY' && !i.getArguments().some((a) => a.getValue().startsWith('--from')))
    .flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue()),
    )
    .filter((source) => !source.startsWith('--'));
}

/** The files `npm run build` compiles, as TypeScript resolves tsconfig.build.json (extends, include, exclude). */
function buildInputs(): string[] {
  const file = join(repo, 'tsconfig.build.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repo, undefined, file);
  return parsed.fileNames.map((f) => relative(repo, f));
}

const covers = (sources: readonly string[], path: string) =>
  sources.some((s) => path === s || path.startsWith(`${s.replace(/\/$/, '')}/`));

describe('the Dockerfile', () => {
  it('copies into the build stage every file the build compiles, its tsconfigs and the lockfile', async () => {
    const build = (await stages()).find((s) => s.name === 'build');
    expect(build, 'a stage named build').toBeDefined();
    const sources = copiedFromContext(build!);
    const inputs = buildInputs();
    expect(inputs).toContain('src/cli.ts');
    expect(inputs.some((f) => f.startsWith('commands/'))).toBe(true);
    expect(inputs.some((f) => f.startsWith('views/'))).toBe(true);
    expect(inputs.filter((f) => !covers(sources, f))).toEqual([]);
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'])
      expect(sources, file).toContain(file);
  });

  it('ships the compiled CLI it starts and the bundled demo account', async () => {
    const runtime = (await stages()).at(-1)!;
    expect(copiedFromContext(runtime)).toContain('examples/demo-account');
    const entrypoint = runtime.instructions.find((i) => i.getKeyword() === 'ENTRYPOINT');
    const [, script] = JSON.parse(entrypoint!.getArgumentsContent() ?? '[]') as string[];
    // tsconfig.build.json compiles <file>.ts to dist/<file>.js (rootDir ".").
    expect(script).toMatch(/^dist\//);
    expect(buildInputs()).toContain(script!.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
  });
});
