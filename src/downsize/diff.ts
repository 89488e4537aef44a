import { createTwoFilesPatch } from 'diff';
import { renderPolicies } from './policy-json.js';
import type { Suggestion } from './types.js';

/**
 * The unified diff of the principal's own policies today against the suggested ones, as pretty JSON with
 * a stable key order (see policy-json.ts). Empty when nothing would change.
 */
export function suggestionDiff(suggestion: Suggestion, context = 3): string {
  if (suggestion.verdict === 'insufficient-data' || suggestion.verdict === 'unchanged') return '';
  const { kind, name } = suggestion.principal;
  const before = renderPolicies(
    suggestion.current.map((p) => ({ label: `${p.kind} policy ${p.name}`, document: p.document })),
  );
  const after = renderPolicies(
    suggestion.policies.map((p) => ({ label: `managed policy ${p.name}`, document: p.document })),
  );
  return createTwoFilesPatch(
    `${kind}/${name} today`,
    `${kind}/${name} suggested`,
    before,
    after,
    undefined,
    undefined,
    {
      context,
    },
  );
}
