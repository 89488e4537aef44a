import type { PolicyDocument, Statement } from '../iam/index.js';

const STATEMENT_KEYS: readonly (keyof Statement)[] = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];

/**
 * A policy document with AWS's key order (Version, Statement; Sid, Effect, Action, Resource, Condition),
 * condition operators and keys sorted, and one-element lists written as a string: the same document always
 * prints the same way, so diffs show only real changes.
 */
export function canonicalPolicy(document: PolicyDocument): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (document.Version) out.Version = document.Version;
  if (document.Id) out.Id = document.Id;
  out.Statement = document.Statement.map(canonicalStatement);
  return out;
}

function canonicalStatement(statement: Statement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STATEMENT_KEYS) {
    const value = statement[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) out[key] = single(value);
    else if (key === 'Condition') out[key] = sortedCondition(value as Statement['Condition'] & object);
    else if (typeof value === 'object') out[key] = sortedObject(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

function sortedCondition(condition: Record<string, Record<string, string[]>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const operator of Object.keys(condition).sort()) {
    const keys: Record<string, unknown> = {};
    for (const key of Object.keys(condition[operator]!).sort()) keys[key] = single(condition[operator]![key]!);
    out[operator] = keys;
  }
  return out;
}

function sortedObject(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    out[key] = Array.isArray(v) ? single(v) : v;
  }
  return out;
}

function single<T>(list: readonly T[]): T | readonly T[] {
  return list.length === 1 ? list[0]! : list;
}

/** Pretty JSON of named policies, in the given order. */
export function renderPolicies(policies: readonly { label: string; document: PolicyDocument }[]): string {
  const out: Record<string, unknown> = {};
  for (const p of policies) out[p.label] = canonicalPolicy(p.document);
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * What AWS counts against the managed-policy limit: the document without whitespace. Compact JSON has
 * whitespace only inside strings, which this counts too, and lists stay lists even of one element (the
 * canonical form prints those as strings): an upper bound for either form, never an underestimate.
 */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}
