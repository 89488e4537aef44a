/**
 * Checks the folder architecture: which top-level folder may import which, no import loops between folders, and
 * views/ pure (no I/O reachable from it at runtime). `npm run check:architecture`; exits 1 on any violation.
 *
 * dependency-cruiser parses the files and resolves every specifier (`.js` → `.ts` through tsconfig.json); this file
 * only reads its result as a file graph and checks the rules on it:
 *   1. views/ imports only types and pure helpers from src/: no runtime import from views/ may reach, through any
 *      local module, a module that does I/O (IO_BUILTINS, IO_PACKAGES); views/ never imports commands/.
 *   2. commands/ may import src/ and views/.
 *   3. src/ imports neither commands/ nor views/ (not even types), except the composition root src/app.ts.
 *   4. No loop between the top-level folders src, commands, views (type-only imports count).
 *   5. No loop between src units: each first-level folder of src/ is one unit, each file directly in src/ another.
 *   6. Test files and test/, bench/, scripts/ are outside the graph; checked code must not import them at runtime.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IDependency } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import ts from 'typescript';

/** The folders whose files make up the checked graph. */
const CHECKED_FOLDERS = ['src', 'commands', 'views'] as const;
type TopFolder = (typeof CHECKED_FOLDERS)[number];

/** The one src file allowed to import commands/ and views/: it wires the Slack listeners to the services. */
export const COMPOSITION_ROOT = 'src/app.ts';

const IO_BUILTINS = new Set([
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'child_process',
  'dgram',
  'tls',
  'worker_threads',
]);
const IO_PACKAGE_SCOPES = ['@aws-sdk/', '@smithy/', '@slack/'];
const IO_PACKAGES = new Set(['lowdb', 'proper-lockfile', 'jira.js', 'node-cron', 'commander', 'p-retry', 'p-limit']);

const TEST_FILE = /\.test\.[cm]?[jt]sx?$/;
const OUTSIDE_FOLDERS = /^(test|bench|scripts)\//;

/** One import, merged per (importing file, imported module): runtime when any import of that pair is. */
export interface Import {
  /** The importing file, relative to the root, e.g. `views/finding-card.ts`. */
  from: string;
  /** The imported file relative to the root when it is a project file, else the specifier (`node:fs`, `lowdb/node`). */
  to: string;
  /** A project file (not a builtin, not a package). */
  local: boolean;
  /**
   * `import type`, `import { type A }` (every specifier a type), `export type … from`, `typeof import('…')`.
   * Careful: with verbatimModuleSyntax, TypeScript compiles `import { type A } from 'x'` to `import {} from 'x'`, so
   * x is still loaded; the rules count it as type-only all the same (`import type` is erased).
   */
  typeOnly: boolean;
  /** Relative specifier that resolved to nothing: the graph has a hole there. */
  unresolved: boolean;
}

export interface ImportGraph {
  /** The checked files: every source file under src/, commands/, views/ except test files. */
  modules: string[];
  /** Every import made by a checked file. */
  imports: Import[];
}

export interface LoopEdge {
  from: string;
  to: string;
  /** How many file imports make up this edge, and how many of them are type-only. */
  count: number;
  typeOnlyCount: number;
  /** One file → file import of the edge, so a person can find it. */
  example: Import;
}

export interface LoopViolation {
  kind: 'loop';
  level: 'top-level folders' | 'src units';
  units: string[];
  edges: LoopEdge[];
}
export interface DirectionViolation {
  kind: 'direction';
  rule: string;
  from: string;
  to: string;
  typeOnly: boolean;
}
export interface PurityViolation {
  kind: 'purity';
  /** views file → … → I/O module */
  chain: string[];
  /** Other I/O modules the same import reaches. */
  alsoReaches: string[];
}
export interface UnresolvedViolation {
  kind: 'unresolved';
  from: string;
  specifier: string;
}
export type Violation = LoopViolation | DirectionViolation | PurityViolation | UnresolvedViolation;

// ---------------------------------------------------------------------------------------------------------------
// Reading the graph (dependency-cruiser)

/** Cruises src/, commands/ and views/ under rootDir and returns their import graph. */
export async function readImportGraph(rootDir: string): Promise<ImportGraph> {
  const folders = CHECKED_FOLDERS.filter((folder) => existsSync(join(rootDir, folder)));
  if (folders.length === 0) return { modules: [], imports: [] };
  const tsConfigFile = join(rootDir, 'tsconfig.json');
  const hasTsConfig = existsSync(tsConfigFile);
  const result = await cruise(
    [...folders],
    {
      baseDir: rootDir,
      // With `true` the TypeScript parser reads the files, so type-only imports are seen (and marked 'type-only').
      tsPreCompilationDeps: true,
      ...(hasTsConfig ? { tsConfig: { fileName: tsConfigFile } } : {}),
      // Test files and test/, bench/, scripts/ are not part of the graph: do not start from them or read them, but
      // keep imports *to* them so rule 6 can see them. node_modules is never read.
      doNotFollow: { path: ['(^|/)node_modules/', OUTSIDE_FOLDERS.source, TEST_FILE.source] },
      // dependency-cruiser ignores package.json "exports" by default, so `lowdb/node` or `csv-parse/sync` would not
      // resolve. Packages are classified by name anyway; resolving them keeps "unresolved" meaningful.
      enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
    },
    {},
    hasTsConfig ? { tsConfig: extractTSConfig(tsConfigFile) } : {},
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned a report, not a cruise result');
  return toImportGraph(rootDir, result.output);
}

/** Is this module one of the checked files (rather than a package, builtin, test file, or test/bench/scripts)? */
export function isChecked(path: string): boolean {
  return topFolder(path) !== undefined && !TEST_FILE.test(path);
}

async function toImportGraph(rootDir: string, result: ICruiseResult): Promise<ImportGraph> {
  const modules = result.modules.map((module) => module.source).filter(isChecked);
  const checked = new Set(modules);
  const imports: Import[] = [];
  for (const module of result.modules) {
    if (!checked.has(module.source)) continue;
    const text = module.dependencies.some(markedTypeOnly) ? await readFile(join(rootDir, module.source), 'utf8') : '';
    const runtimeSpecifiers = MISREAD_SHAPES.test(text)
      ? runtimeImportSpecifiers(module.source, text)
      : new Set<string>();
    const merged = new Map<string, Import>();
    for (const dependency of module.dependencies) {
      const local = isLocal(dependency);
      const to = local ? dependency.resolved : `${dependency.protocol ?? ''}${dependency.module}`;
      const typeOnly = markedTypeOnly(dependency) && !runtimeSpecifiers.has(dependency.module);
      const unresolved = dependency.couldNotResolve && /^\.{1,2}(\/|$)/.test(dependency.module);
      const seen = merged.get(to);
      if (seen) seen.typeOnly &&= typeOnly;
      else merged.set(to, { from: module.source, to, local, typeOnly, unresolved });
    }
    imports.push(...merged.values());
  }
  return { modules, imports };
}

function isLocal(dependency: IDependency): boolean {
  return !dependency.coreModule && !dependency.couldNotResolve && !/(^|\/)node_modules\//.test(dependency.resolved);
}

/**
 * dependency-cruiser's own mark. 'type-only' covers `import type`, `import { type A }`, `export type … from`;
 * `typeof import('./x.js')` in a type position is marked 'type-import' instead, without 'type-only'.
 * (The `typeOnly` boolean its types document stays undefined with `tsPreCompilationDeps: true`.)
 */
function markedTypeOnly(dependency: IDependency): boolean {
  return dependency.dependencyTypes.some((type) => type === 'type-only' || type === 'type-import');
}

/**
 * The two shapes dependency-cruiser misreads (below): a default binding next to braces, and empty braces. Parsing
 * every file again costs about a second; only the files with one of these shapes (a few) need it. A false match
 * only costs a parse.
 */
const MISREAD_SHAPES = /\bimport\s+[\w$]+\s*,\s*\{|\{\s*\}\s*from\s*['"]/;

/**
 * The specifiers that some import or export declaration of the file loads at runtime.
 *
 * Why this exists: dependency-cruiser 17 marks an import 'type-only' when every *named* binding is a type, without
 * looking at the default binding or at empty braces, so `import pRetry, { type Options } from 'p-retry'` and
 * `import {} from './x.js'` come out type-only. Both load the module at runtime. Here, an import is type-only when
 * it is `import type …`, or it has named bindings only, at least one, all marked `type`; the same for `export … from`.
 */
export function runtimeImportSpecifiers(fileName: string, text: string): Set<string> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const runtime = new Set<string>();
  const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) =>
    elements.length > 0 && elements.every((element) => element.isTypeOnly);
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            allTypes(clause.namedBindings.elements)));
      if (!typeOnly) runtime.add(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const clause = statement.exportClause;
      const typeOnly =
        statement.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && allTypes(clause.elements));
      if (!typeOnly) runtime.add(statement.moduleSpecifier.text);
    }
  }
  return runtime;
}

// ---------------------------------------------------------------------------------------------------------------
// The rules

/** Builds the graph of rootDir and checks it. */
export async function checkArchitecture(rootDir: string): Promise<Violation[]> {
  return findViolations(await readImportGraph(rootDir));
}

export function findViolations(graph: ImportGraph): Violation[] {
  return [
    ...folderLoops(graph.imports, 'top-level folders', topLevelUnit),
    ...folderLoops(graph.imports, 'src units', srcUnit),
    ...directionViolations(graph.imports),
    ...purityViolations(graph.imports),
    ...graph.imports
      .filter((i) => i.unresolved)
      .map((i): UnresolvedViolation => ({ kind: 'unresolved', from: i.from, specifier: i.to })),
  ];
}

function topFolder(path: string): TopFolder | undefined {
  return CHECKED_FOLDERS.find((folder) => path.startsWith(`${folder}/`));
}

/**
 * Rule 4's unit of an import's end. The composition root's imports of commands/ and views/ are left out: rule 3
 * allows them, and since commands/ imports src/ by design, counting them would make src ⇄ commands a loop always.
 * A loop through the root from the other side (commands/ importing src/app.ts) is a direction violation instead.
 */
function topLevelUnit(path: string, importer?: string): string | undefined {
  if (importer === COMPOSITION_ROOT && topFolder(path) !== 'src') return undefined;
  return isChecked(path) ? topFolder(path) : undefined;
}

/** Rule 5's unit: `src/iam` for anything under src/iam/, `src/cli.ts` for a file directly in src/. */
export function srcUnit(path: string): string | undefined {
  if (!isChecked(path) || topFolder(path) !== 'src') return undefined;
  const parts = path.split('/');
  return parts.length === 2 ? path : `${parts[0]}/${parts[1]}`;
}

/**
 * Loops in the folder graph: its strongly connected components of more than one unit. Type-only imports count (a
 * type-only loop is still a design loop). `unitOf(path, importer)` maps a file to its unit, or undefined to leave
 * the import out.
 */
function folderLoops(
  imports: Import[],
  level: 'top-level folders' | 'src units',
  unitOf: (path: string, importer?: string) => string | undefined,
): LoopViolation[] {
  const edges = new Map<string, LoopEdge>();
  const successors = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.local) continue;
    const from = unitOf(i.from);
    const to = unitOf(i.to, i.from);
    if (from === undefined || to === undefined || from === to) continue;
    const key = `${from}\0${to}`;
    const edge = edges.get(key) ?? { from, to, count: 0, typeOnlyCount: 0, example: i };
    edge.count += 1;
    if (i.typeOnly) edge.typeOnlyCount += 1;
    // A runtime example is the one a person is likelier to need to move.
    else if (edge.example.typeOnly) edge.example = i;
    edges.set(key, edge);
    successors.set(from, (successors.get(from) ?? new Set()).add(to));
    if (!successors.has(to)) successors.set(to, new Set());
  }
  return stronglyConnectedComponents(successors)
    .filter((component) => component.length > 1)
    .sort((a, b) => [...a].sort()[0]!.localeCompare([...b].sort()[0]!))
    .map((component) => {
      const units = [...component].sort();
      const inLoop = new Set(units);
      const loopEdges = [...edges.values()]
        .filter((edge) => inLoop.has(edge.from) && inLoop.has(edge.to))
        .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
      return { kind: 'loop', level, units, edges: loopEdges };
    });
}

/** Tarjan's algorithm. The folder graphs have a few dozen nodes, so plain recursion is fine. */
export function stronglyConnectedComponents(successors: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of successors.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...successors.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

const RULE_1_COMMANDS = 'rule 1: views/ must not import commands/';
const RULE_3 = `rule 3: src/ imports neither commands/ nor views/, only ${COMPOSITION_ROOT} may`;
const RULE_4_ROOT = `rule 4: ${COMPOSITION_ROOT} imports commands/ and views/, so importing it from there is a loop`;
const RULE_6 = 'rule 6: no runtime import of test files, test/, bench/ or scripts/';

/** Rules 1 (views/ → commands/), 3, 6, and the composition root's side of rule 4. */
function directionViolations(imports: Import[]): DirectionViolation[] {
  const violations: DirectionViolation[] = [];
  for (const i of imports) {
    if (!i.local) continue;
    const from = topFolder(i.from);
    const to = topFolder(i.to);
    const rule =
      from === 'views' && to === 'commands'
        ? RULE_1_COMMANDS
        : from === 'src' && (to === 'commands' || to === 'views') && i.from !== COMPOSITION_ROOT
          ? RULE_3
          : from !== 'src' && i.to === COMPOSITION_ROOT
            ? RULE_4_ROOT
            : !i.typeOnly && (OUTSIDE_FOLDERS.test(i.to) || TEST_FILE.test(i.to))
              ? RULE_6
              : undefined;
    if (rule) violations.push({ kind: 'direction', rule, from: i.from, to: i.to, typeOnly: i.typeOnly });
  }
  return violations.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** `node:fs`, `fs/promises`, `@aws-sdk/client-iam`, `lowdb/node`, … */
export function isIoModule(specifier: string): boolean {
  const name = specifier.replace(/^node:/, '');
  if (IO_BUILTINS.has(name)) return true;
  if (IO_PACKAGE_SCOPES.some((scope) => name.startsWith(scope))) return true;
  return IO_PACKAGES.has(name.split('/')[0]!);
}

/**
 * Rule 1's purity: for each runtime import from a views/ file into src/, the shortest runtime chain to an I/O
 * module, walking through any project file (a detour through commands/ still loads the module). A views/ file that
 * imports an I/O module itself is reported too: views/ is pure by definition. A views file that reaches src/ through
 * another views file is reported at that other file's import. Type-only imports are never followed.
 */
function purityViolations(imports: Import[]): PurityViolation[] {
  const runtimeImportsOf = new Map<string, Import[]>();
  for (const i of imports) {
    if (i.typeOnly) continue;
    runtimeImportsOf.set(i.from, [...(runtimeImportsOf.get(i.from) ?? []), i]);
  }
  const violations: PurityViolation[] = [];
  for (const [file, fileImports] of runtimeImportsOf) {
    if (topFolder(file) !== 'views') continue;
    for (const i of fileImports) {
      if (!i.local && isIoModule(i.to)) violations.push({ kind: 'purity', chain: [file, i.to], alsoReaches: [] });
      if (!i.local || topFolder(i.to) !== 'src') continue;
      const reached = ioReachedFrom(i.to, runtimeImportsOf);
      if (reached.length > 0) {
        const [nearest, ...others] = reached;
        violations.push({ kind: 'purity', chain: [file, ...nearest!], alsoReaches: others.map((c) => c.at(-1)!) });
      }
    }
  }
  return violations.sort((a, b) => a.chain.join('\0').localeCompare(b.chain.join('\0')));
}

/** Breadth-first from `start` over runtime imports: one shortest chain to each I/O module reached, nearest first. */
function ioReachedFrom(start: string, runtimeImportsOf: Map<string, Import[]>): string[][] {
  const cameFrom = new Map<string, string | undefined>([[start, undefined]]);
  const chainTo = (node: string): string[] => {
    const chain = [node];
    for (let at = cameFrom.get(node); at !== undefined; at = cameFrom.get(at)) chain.unshift(at);
    return chain;
  };
  const found: string[][] = [];
  const queue = [start];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const i of runtimeImportsOf.get(next) ?? []) {
      if (cameFrom.has(i.to)) continue;
      cameFrom.set(i.to, next);
      if (i.local) queue.push(i.to);
      else if (isIoModule(i.to)) found.push(chainTo(i.to));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

export function describeViolation(v: Violation): string {
  const importLine = (i: Import) => `${i.from} → ${i.to}${i.typeOnly ? ' (type-only)' : ''}`;
  switch (v.kind) {
    case 'loop':
      return [
        `loop between ${v.level}: ${v.units.join(', ')}`,
        ...v.edges.map(
          (e) =>
            `  ${e.from} → ${e.to}: ${e.count} import${e.count === 1 ? '' : 's'}` +
            `${e.typeOnlyCount ? ` (${e.typeOnlyCount} type-only)` : ''}, e.g. ${importLine(e.example)}`,
        ),
      ].join('\n');
    case 'direction':
      return `direction (${v.rule}): ${v.from} → ${v.to}${v.typeOnly ? ' (type-only)' : ''}`;
    case 'purity':
      return (
        `purity (rule 1: views/ imports only types and pure helpers from src/): ${v.chain.join(' → ')}` +
        (v.alsoReaches.length ? `\n  also reaches: ${v.alsoReaches.join(', ')}` : '')
      );
    case 'unresolved':
      return `unresolved import (the graph is incomplete): ${v.from} → ${v.specifier}`;
  }
}

/** One line, by kind: "3 loops between src units, 2 direction, 1 purity". */
export function summarise(violations: Violation[]): string {
  const counts = new Map<string, number>();
  for (const v of violations) {
    const key = v.kind === 'loop' ? `between ${v.level}` : v.kind;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const label = (kind: string, n: number) => (kind.startsWith('between') ? `loop${n === 1 ? '' : 's'} ${kind}` : kind);
  return [...counts].map(([kind, n]) => `${n} ${label(kind, n)}`).join(', ');
}

async function main(rootDir: string): Promise<number> {
  const graph = await readImportGraph(rootDir);
  if (graph.modules.length === 0) {
    // A check that saw nothing must not pass.
    console.error(`architecture: no source files under ${CHECKED_FOLDERS.join('/, ')}/ in ${rootDir}`);
    return 1;
  }
  const violations = findViolations(graph);
  const size = `${graph.modules.length} modules, ${graph.imports.length} imports`;
  if (violations.length === 0) {
    console.log(`architecture: ${size}, no loops, direction holds`);
    return 0;
  }
  for (const v of violations) console.log(describeViolation(v));
  console.log(`architecture: ${size}; ${violations.length} violations: ${summarise(violations)}`);
  return 1;
}

if (process.argv[1]?.endsWith('check-architecture.ts')) {
  process.exitCode = await main(process.cwd());
}
