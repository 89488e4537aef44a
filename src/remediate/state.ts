import { canonicalPolicy } from '../downsize/policy-json.js';
import type { PolicyDocument } from '../iam/index.js';
import { CREATED_VERSION, type ResourceState } from './types.js';

/** A state in a stable form: documents canonical (key order, one-element lists), lists sorted. */
export function canonicalState(state: ResourceState): Record<string, unknown> {
  const doc = (d: PolicyDocument | undefined) => (d ? canonicalPolicy(d) : undefined);
  const sorted = (list: readonly string[]) => [...list].sort();
  switch (state.type) {
    case 'managed-policy':
      return {
        ...state,
        versionIds: sorted(state.versionIds),
        attachedTo: sorted(state.attachedTo),
        document: doc(state.document),
      };
    case 'inline-policy':
    case 'trust-policy': {
      // What a document says is compared, not how it is written (AWS may reformat it).
      const { text: _text, ...rest } = state;
      return { ...rest, document: doc(state.document) };
    }
    case 'attached-policies':
      return {
        ...state,
        attached: sorted(state.attached),
        created: state.created && { arn: state.created.arn, document: doc(state.created.document) },
      };
    case 'access-keys':
      return { ...state, keys: [...state.keys].sort((a, b) => a.accessKeyId.localeCompare(b.accessKeyId)) };
    case 'role-quarantine':
      return {
        ...state,
        inlinePolicyNames: sorted(state.inlinePolicyNames),
        quarantine: doc(state.quarantine),
        tags: Object.fromEntries(Object.entries(state.tags).sort(([a], [b]) => a.localeCompare(b))),
      };
  }
}

/** Pretty JSON of a state, the same text for the same state: what the plan's diff compares. */
export function renderState(state: ResourceState): string {
  return `${JSON.stringify(canonicalState(state), null, 2)}\n`;
}

/**
 * Where `actual` differs from `expected`, as JSON paths (empty when they are the same). `createdVersion`
 * stands in for CREATED_VERSION once the version exists.
 */
export function stateDifferences(expected: ResourceState, actual: ResourceState, createdVersion?: string): string[] {
  const differences: string[] = [];
  compare(canonicalState(withCreatedVersion(expected, createdVersion)), canonicalState(actual), '', differences);
  return differences;
}

/** The state with CREATED_VERSION replaced by the id AWS gave the new version. */
export function withCreatedVersion(state: ResourceState, createdVersion: string | undefined): ResourceState {
  if (state.type !== 'managed-policy' || createdVersion === undefined) return state;
  const swap = (id: string) => (id === CREATED_VERSION ? createdVersion : id);
  return { ...state, defaultVersionId: swap(state.defaultVersionId), versionIds: state.versionIds.map(swap) };
}

function compare(want: unknown, have: unknown, path: string, out: string[]): void {
  if (JSON.stringify(want) === JSON.stringify(have)) return;
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(want) && isObject(have)) {
    const a = want as Record<string, unknown>;
    const b = have as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      compare(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  out.push(`${path || 'state'}: expected ${short(want)}, found ${short(have)}`);
}

function short(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Whether two documents say the same (AWS may reformat, reorder keys, or return one-element lists as strings). */
export function sameDocument(a: PolicyDocument | undefined, b: PolicyDocument | undefined): boolean {
  if (!a || !b) return a === b;
  return JSON.stringify(canonicalPolicy(a)) === JSON.stringify(canonicalPolicy(b));
}
