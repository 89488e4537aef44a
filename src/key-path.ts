/** `schedules[0].accounts[1]`: a key path as a person would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/**
 * The key path of the first object or array nested more than `limit` levels inside `value`, or undefined.
 * Iterative, so a hostile document cannot overflow the stack while it is searched.
 */
export function pathDeeperThan(value: unknown, limit: number): PropertyKey[] | undefined {
  const pending: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: node, path } = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (path.length > limit) return path;
    const entries: [PropertyKey, unknown][] = Array.isArray(node) ? [...node.entries()] : Object.entries(node);
    for (const [key, child] of entries) pending.push({ value: child, path: [...path, key] });
  }
  return undefined;
}
