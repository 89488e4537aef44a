import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkArchitecture,
  describeViolation,
  findViolations,
  isIoModule,
  readImportGraph,
  summarise,
  type DirectionViolation,
  type ImportGraph,
  type LoopViolation,
  type PurityViolation,
  type Violation,
} from '../scripts/check-architecture.js';

// Each fixture tree is cruised once (dependency-cruiser's start-up is the slow part); the tests read its graph.

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, verbatimModuleSyntax: true },
});

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

/** Writes the files (path → text) to a fresh temp dir with a NodeNext tsconfig.json, and returns its graph. */
async function cruiseTree(files: Record<string, string>): Promise<ImportGraph> {
  const root = await mkdtemp(join(tmpdir(), 'rightsize-architecture-'));
  roots.push(root);
  for (const [path, text] of Object.entries({ 'tsconfig.json': TSCONFIG, ...files })) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return readImportGraph(root);
}

const loops = (violations: Violation[], level: string) =>
  violations.filter((v): v is LoopViolation => v.kind === 'loop' && v.level === level);
const directions = (violations: Violation[]) =>
  violations.filter((v): v is DirectionViolation => v.kind === 'direction');
const purityFrom = (violations: Violation[], viewsFile: string) =>
  violations.filter((v): v is PurityViolation => v.kind === 'purity' && v.chain[0] === viewsFile);

describe('loops between src units', () => {
  let violations: Violation[];
  beforeAll(async () => {
    violations = findViolations(
      await cruiseTree({
        // src/alpha ⇄ src/beta at runtime, though no file imports itself back.
        'src/alpha/a.ts': "import { b } from '../beta/b.js';\nexport const a = () => b;\n",
        'src/alpha/helper.ts': 'export const helper = 1;\n',
        'src/beta/b.ts': "import { helper } from '../alpha/helper.js';\nexport const b = helper;\n",
        // src/gamma ⇄ src/delta through type-only imports alone.
        'src/gamma/g.ts': "import type { D } from '../delta/d.js';\nexport interface G { d: D }\n",
        'src/delta/d.ts': "import type { G } from '../gamma/g.js';\nexport interface D { g?: G }\n",
        // A file directly in src/ is a unit of its own, apart from the folder of the same name.
        'src/config.ts': "import { schema } from './config/schema.js';\nexport const config = schema;\n",
        'src/config/schema.ts':
          "import type { config } from '../config.js';\nexport const schema = {} as typeof config;\n",
        // Not loops: one-way imports, and imports inside one unit.
        'src/cli.ts':
          "import { a } from './alpha/a.js';\nimport { config } from './config.js';\nexport { a, config };\n",
        'src/errors.ts': "import { helper } from './alpha/helper.js';\nexport const e = helper;\n",
      }),
    );
  });

  it('finds a runtime loop between two src folders, with one example import per edge', () => {
    const loop = loops(violations, 'src units').find((v) => v.units.includes('src/alpha'));
    expect(loop?.units).toEqual(['src/alpha', 'src/beta']);
    expect(loop?.edges.map((e) => [e.example.from, e.example.to, e.example.typeOnly])).toEqual([
      ['src/alpha/a.ts', 'src/beta/b.ts', false],
      ['src/beta/b.ts', 'src/alpha/helper.ts', false],
    ]);
    expect(describeViolation(loop!)).toContain('src/alpha → src/beta: 1 import, e.g. src/alpha/a.ts → src/beta/b.ts');
  });

  it('finds a loop made of type-only imports alone', () => {
    const loop = loops(violations, 'src units').find((v) => v.units.includes('src/gamma'));
    expect(loop?.units).toEqual(['src/delta', 'src/gamma']);
    expect(loop?.edges.every((e) => e.typeOnlyCount === e.count && e.example.typeOnly)).toBe(true);
  });

  it('treats a file directly in src/ and the folder of the same name as two units', () => {
    expect(loops(violations, 'src units').map((v) => v.units)).toContainEqual(['src/config', 'src/config.ts']);
  });

  it('reports nothing else: three loops, all between src units', () => {
    expect(summarise(violations)).toBe('3 loops between src units');
  });
});

describe('direction', () => {
  let graph: ImportGraph;
  let violations: Violation[];
  beforeAll(async () => {
    graph = await cruiseTree({
      'src/app.ts': "import { register } from '../commands/register.js';\nexport const start = register;\n",
      'src/service/run.ts': 'export interface Finding { id: string }\nexport const run = 1;\n',
      'src/service/report.ts': "import { card } from '../../views/card.js';\nexport const report = card;\n",
      'src/service/types.ts': "import type { Reply } from '../../commands/reply.js';\nexport type R = Reply;\n",
      'src/service/sample.ts': "import { sample } from '../../test/support/sample.js';\nexport const s = sample;\n",
      'src/service/sample-type.ts':
        "import type { Sample } from '../../test/support/sample.js';\nexport type S = Sample;\n",
      'src/service/run.test.ts': "import { register } from '../../commands/register.js';\nconsole.log(register);\n",
      'test/support/sample.ts': 'export interface Sample { id: string }\nexport const sample = 1;\n',
      'commands/register.ts':
        "import { run } from '../src/service/run.js';\nimport { card } from '../views/card.js';\nexport const register = [run, card];\n",
      'commands/reply.ts': 'export interface Reply { text: string }\n',
      'commands/uses-root.ts': "import { start } from '../src/app.js';\nexport const again = start;\n",
      'views/card.ts':
        "import type { Finding } from '../src/service/run.js';\nexport const card = (f: Finding) => f.id;\n",
      'views/button.ts': "import type { Reply } from '../commands/reply.js';\nexport type B = Reply;\n",
      'src/service/broken.ts': "import { gone } from './missing.js';\nexport const b = gone;\n",
    });
    violations = findViolations(graph);
  });

  const rules = () => directions(violations).map((v) => [v.from, v.to, v.rule.slice(0, 6)]);

  it('reports a src file importing views/ or commands/, type-only or not (rule 3)', () => {
    expect(rules()).toContainEqual(['src/service/report.ts', 'views/card.ts', 'rule 3']);
    expect(rules()).toContainEqual(['src/service/types.ts', 'commands/reply.ts', 'rule 3']);
  });

  it('reports views/ importing commands/, even for types (rule 1)', () => {
    expect(rules()).toContainEqual(['views/button.ts', 'commands/reply.ts', 'rule 1']);
  });

  it('reports a runtime import of test/ but not a type-only one (rule 6)', () => {
    expect(rules()).toContainEqual(['src/service/sample.ts', 'test/support/sample.ts', 'rule 6']);
    expect(rules().filter(([from]) => from === 'src/service/sample-type.ts')).toEqual([]);
  });

  it('reports commands/ importing the composition root, which imports commands/ (rule 4)', () => {
    expect(rules()).toContainEqual(['commands/uses-root.ts', 'src/app.ts', 'rule 4']);
  });

  it('leaves test files out of the graph', () => {
    expect(graph.modules).not.toContain('src/service/run.test.ts');
    expect(graph.modules).not.toContain('test/support/sample.ts');
    expect(violations.map(describeViolation).join('\n')).not.toContain('run.test.ts');
  });

  it('finds the loop between top-level folders that those imports make, type-only ones included', () => {
    const [loop, ...more] = loops(violations, 'top-level folders');
    expect(more).toEqual([]);
    expect(loop?.units).toEqual(['commands', 'src', 'views']);
    expect(loop?.edges.find((e) => e.from === 'views' && e.to === 'src')?.example).toMatchObject({
      from: 'views/card.ts',
      to: 'src/service/run.ts',
      typeOnly: true,
    });
  });

  it('reports a relative import that resolves to nothing: the graph would have a hole', () => {
    expect(violations).toContainEqual({ kind: 'unresolved', from: 'src/service/broken.ts', specifier: './missing.js' });
  });

  it('has exactly these violations', () => {
    expect(summarise(violations)).toBe('1 loop between top-level folders, 5 direction, 1 unresolved');
  });
});

describe('views purity (rule 1)', () => {
  let violations: Violation[];
  beforeAll(async () => {
    violations = findViolations(
      await cruiseTree({
        'src/format/size.ts': "import { cached } from './cache.js';\nexport const size = (n: number) => cached(n);\n",
        'src/format/cache.ts':
          "import { read } from '../files/read.js';\nexport const cached = (n: number) => read(n);\n",
        'src/files/read.ts':
          "import { readFileSync } from 'node:fs';\nimport pRetry from 'p-retry';\n" +
          'export const read = (n: number) => pRetry(() => readFileSync(String(n)));\n',
        'src/store/state.ts':
          "import { Low } from 'lowdb';\nexport interface State { n: number }\nexport const store = Low;\n",
        'src/labels/label.ts':
          "import { IAMClient } from '@aws-sdk/client-iam';\nexport type Label = string;\nexport default IAMClient;\n",
        'src/math/clamp.ts': 'export const clamp = (n: number) => Math.max(0, n);\n',
        'src/math/index.ts': "export * from './clamp.js';\nexport * from './disk.js';\n",
        'src/math/disk.ts': "import { spawn } from 'node:child_process';\nexport const disk = spawn;\n",
        'views/card.ts': "import { size } from '../src/format/size.js';\nexport const card = size(1);\n",
        'views/typed.ts':
          "import type { State } from '../src/store/state.js';\nimport { type State as S2 } from '../src/store/state.js';\n" +
          "export type T = State | S2 | typeof import('../src/store/state.js');\n",
        'views/mixed.ts':
          "import iam, { type Label } from '../src/labels/label.js';\nexport const l: Label = String(iam);\n",
        'views/pure.ts':
          "import { clamp } from '../src/math/clamp.js';\nimport { parse } from 'yaml';\nexport const p = [clamp, parse];\n",
        'views/barrel.ts': "import { clamp } from '../src/math/index.js';\nexport const b = clamp;\n",
        'views/direct.ts': "import { request } from 'node:https';\nexport const d = request;\n",
        'views/lazy.ts': "export const load = () => import('../src/store/state.js');\n",
      }),
    );
  });

  it('reports a views file reaching node:fs through a src helper, with the whole chain', () => {
    expect(purityFrom(violations, 'views/card.ts').map((v) => v.chain)).toEqual([
      ['views/card.ts', 'src/format/size.ts', 'src/format/cache.ts', 'src/files/read.ts', 'node:fs'],
    ]);
    expect(purityFrom(violations, 'views/card.ts')[0]?.alsoReaches).toEqual(['p-retry']);
  });

  it('allows type-only imports of a module that does I/O: import type, { type X }, typeof import()', () => {
    expect(purityFrom(violations, 'views/typed.ts')).toEqual([]);
  });

  it('counts `import x, { type Y }` as runtime, though dependency-cruiser marks it type-only', () => {
    expect(purityFrom(violations, 'views/mixed.ts').map((v) => v.chain)).toEqual([
      ['views/mixed.ts', 'src/labels/label.ts', '@aws-sdk/client-iam'],
    ]);
  });

  it('follows re-exports of a barrel to the I/O behind it', () => {
    expect(purityFrom(violations, 'views/barrel.ts').map((v) => v.chain)).toEqual([
      ['views/barrel.ts', 'src/math/index.ts', 'src/math/disk.ts', 'node:child_process'],
    ]);
  });

  it('reports dynamic imports and I/O imported by the views file itself', () => {
    expect(purityFrom(violations, 'views/lazy.ts').map((v) => v.chain)).toEqual([
      ['views/lazy.ts', 'src/store/state.ts', 'lowdb'],
    ]);
    expect(purityFrom(violations, 'views/direct.ts').map((v) => v.chain)).toEqual([['views/direct.ts', 'node:https']]);
  });

  it('allows pure helpers and packages that do no I/O, and reports nothing else', () => {
    expect(purityFrom(violations, 'views/pure.ts')).toEqual([]);
    expect(summarise(violations)).toBe('5 purity');
  });
});

describe('a tree that keeps the rules', () => {
  let graph: ImportGraph;
  beforeAll(async () => {
    graph = await cruiseTree({
      // The composition root may import commands/ and views/; that is no loop though commands/ imports src/.
      'src/app.ts':
        "import { register } from '../commands/register.js';\nimport { card } from '../views/card.js';\n" +
        "import { run } from './service/run.js';\nexport const start = [register, card, run];\n",
      'src/cli.ts': "import { start } from './app.js';\nexport const cli = start;\n",
      'src/service/run.ts':
        "import { readFile } from 'node:fs/promises';\nimport { ids } from '../iam/ids.js';\n" +
        'export interface Finding { id: string }\nexport const run = [readFile, ids];\n',
      'src/iam/ids.ts': 'export const ids = (s: string) => s.split(",");\n',
      'commands/register.ts':
        "import { run } from '../src/service/run.js';\nimport { card } from '../views/card.js';\nexport const register = [run, card];\n",
      'views/card.ts':
        "import type { Finding } from '../src/service/run.js';\nimport { ids } from '../src/iam/ids.js';\n" +
        'export const card = (f: Finding) => ids(f.id);\n',
    });
  });

  it('passes', () => {
    expect(findViolations(graph)).toEqual([]);
    expect(graph.modules).toHaveLength(6);
  });

  it('lets src/app.ts import commands/ and views/ (and the graph does hold those imports)', () => {
    const fromRoot = graph.imports.filter((i) => i.from === 'src/app.ts').map((i) => i.to);
    expect(fromRoot).toEqual(expect.arrayContaining(['commands/register.ts', 'views/card.ts']));
    expect(findViolations(graph).map(describeViolation).join('\n')).not.toContain('src/app.ts');
  });
});

describe('I/O modules', () => {
  it('are the listed builtins, with or without node:, and the listed packages with their subpaths', () => {
    const io = ['fs', 'node:fs/promises', 'worker_threads', '@smithy/core', '@slack/bolt', 'lowdb/node', 'p-limit'];
    const pure = ['path', 'node:path', 'node:os', 'yaml', 'zod', 'lowdb-extra', '@slackware/x', 'commander-like'];
    expect(io.filter(isIoModule)).toEqual(io);
    expect(pure.filter(isIoModule)).toEqual([]);
  });
});

describe('the repository', () => {
  it('has no loop between folders, and every import runs in the one direction', async () => {
    const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
    const violations = await checkArchitecture(repo);
    expect(violations).toEqual([]);
  }, 60_000);
});
