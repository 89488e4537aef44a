/**
 * Differential test of condition evaluation (src/iam/conditions.ts) against @cloud-copilot/iam-simulate:
 * the generated cases with Conditions, our engine given the very request context iam-simulate gets.
 * Where the context names every key the case's conditions test, our answer must be definite and equal
 * iam-simulate's; where it lacks one (iam-simulate takes a missing key as absent, we as unknown), the
 * answer must lie in our range, as in differential.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEngine, RequestDecision } from '../../src/iam/engine.js';
import { conditionKeys } from '../../src/iam/conditions.js';
import { realEngine } from '../support/catalog.js';
import { generateCases, type OracleCase } from './generate-cases.js';
import { agrees, askIamSimulate, principalOf, type OracleAnswer } from './oracle.js';

const SEED = 0xc0de2026;
const CASES = 3000;

interface Run {
  c: OracleCase;
  theirs: OracleAnswer;
  ours: RequestDecision;
  complete: boolean;
}

function contextOf(c: OracleCase): Map<string, string[]> {
  return new Map(Object.entries(c.context).map(([k, v]) => [k.toLowerCase(), [v]]));
}

function askWithContext(engine: PolicyEngine, c: OracleCase): RequestDecision {
  return engine.evaluateRequest(principalOf(c), {
    action: c.action,
    resource: c.resource,
    variables: new Map(Object.entries(c.variables)),
    context: contextOf(c),
  });
}

/** Whether the context gives every key the case's conditions test. */
function complete(c: OracleCase): boolean {
  const given = contextOf(c);
  const statements = [...c.identity.flatMap((p) => p.document.Statement), ...(c.boundary?.Statement ?? [])];
  return statements.every((s) =>
    conditionKeys((s.Condition ?? {}) as Record<string, Record<string, string[]>>).every((k) =>
      given.has(k.toLowerCase()),
    ),
  );
}

const runs: Run[] = [];

beforeAll(async () => {
  const engine = await realEngine();
  const cases = generateCases(SEED, CASES).filter((c) => c.features.includes('condition'));
  for (let i = 0; i < cases.length; i += 250) {
    const chunk = cases.slice(i, i + 250);
    const answers = await Promise.all(chunk.map(askIamSimulate));
    chunk.forEach((c, j) => {
      const answer = answers[j]!;
      if (answer.ok) runs.push({ c, theirs: answer.answer, ours: askWithContext(engine, c), complete: complete(c) });
    });
  }
}, 60_000);

const repro = ({ c, ours, theirs }: Run) =>
  JSON.stringify({
    case: c.id,
    request: { action: c.action, resource: c.resource, context: c.context },
    ours: ours.outcome === 'conditional' ? `conditional [${ours.worst}..${ours.best}]` : ours.outcome,
    iamSimulate: theirs.outcome,
    identity: c.identity.map((p) => p.document.Statement),
    boundary: c.boundary?.Statement,
  });

describe('condition evaluation against iam-simulate', () => {
  it('decides every case whose context names all condition keys exactly as iam-simulate does', () => {
    const decided = runs.filter((r) => r.complete);
    expect(decided.length).toBeGreaterThanOrEqual(150);
    expect(
      decided
        .filter((r) => r.ours.outcome !== r.theirs.outcome)
        .map(repro)
        .slice(0, 5),
    ).toEqual([]);
    // Conditions made a difference: some cases are allowed only because the context satisfies them.
    expect(decided.filter((r) => r.ours.outcome === 'allow').length).toBeGreaterThanOrEqual(20);
    expect(decided.filter((r) => r.ours.outcome !== 'allow').length).toBeGreaterThanOrEqual(20);
  });

  it("keeps iam-simulate's answer inside our range where the context lacks a key", () => {
    const partial = runs.filter((r) => !r.complete);
    expect(partial.length).toBeGreaterThanOrEqual(50);
    expect(
      partial
        .filter((r) => !agrees(r.ours, r.theirs.outcome))
        .map(repro)
        .slice(0, 5),
    ).toEqual([]);
  });
});
