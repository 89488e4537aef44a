/**
 * Differential test of SCPs and RCPs in our engine against @cloud-copilot/iam-simulate (which evaluates both):
 * seeded cases (generate-cases.ts, generateOrganizationCases) put the identity policies and boundaries of the
 * main differential test under two to four levels of SCPs (FullAWSAccess or allow-lists, Deny policies, some
 * with conditions on the principal or the request) and, in half of them, RCP Deny statements for the services
 * RCPs support. The principal's SCP conditions are settled as AccountIndex settles them; every other condition
 * leaves our answer a range that iam-simulate's concrete answer must fall in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome, RequestDecision } from '../../src/iam/engine.js';
import { realEngine } from '../support/catalog.js';
import { generateOrganizationCases, type OrganizationCase } from './generate-cases.js';
import { agrees, askOrganizationEngine, runCases, type CaseRun } from './oracle.js';

const SEED = 0x0dc0ffee;
const CASES = 2500;
const MIN_CASES = 1000;
type Run = CaseRun<OrganizationCase, RequestDecision>;

let runs: Run[];
let errors: { c: OrganizationCase; error: string }[];
let seconds: number;

beforeAll(async () => {
  const start = performance.now();
  const engine = await realEngine();
  ({ runs, errors } = await runCases(generateOrganizationCases(SEED, CASES), (c) => askOrganizationEngine(engine, c)));
  seconds = (performance.now() - start) / 1000;
}, 120_000);

function repro({ c, ours, theirs }: Run): string {
  return JSON.stringify({
    case: c.id,
    request: { action: c.action, resource: c.resource, context: c.context, tags: c.principalTags },
    ours: ours.outcome === 'conditional' ? `conditional [${ours.worst}..${ours.best}]` : ours.outcome,
    iamSimulate: theirs.outcome,
    identity: c.identity.map((p) => p.document.Statement),
    boundary: c.boundary?.Statement,
    scps: c.scps.map((level) => level.map((p) => p.Statement)),
    rcps: c.rcps.map((level) => level.map((p) => p.Statement)),
  });
}

describe('SCPs and RCPs in our engine against iam-simulate on generated cases', () => {
  it('generates the same cases from the same seed', () => {
    expect(generateOrganizationCases(SEED, 50)).toEqual(generateOrganizationCases(SEED, 50));
  });

  it('agrees on every case: equal when definite, inside our range when conditions decide', () => {
    expect(errors.slice(0, 3).map(({ c, error }) => `${c.id}: ${error}`)).toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(MIN_CASES);
    const disagreements = runs.filter((r) => !agrees(r.ours, r.theirs.outcome));
    expect(disagreements.slice(0, 5).map(repro)).toEqual([]);
  });

  it('covers what SCPs and RCPs do: a level without an Allow, an SCP Deny, an RCP Deny, settled conditions', () => {
    const count = (test: (r: Run) => boolean) => runs.filter(test).length;
    const identityAllows = (r: Run) =>
      r.theirs.identity === 'Allowed' &&
      r.theirs.boundary !== 'ImplicitlyDenied' &&
      r.theirs.boundary !== 'ExplicitlyDenied';
    const coverage = {
      'allowed under SCPs': count((r) => r.theirs.outcome === 'allow' && r.c.scps.length > 0),
      'identity allows, an SCP level does not': count((r) => identityAllows(r) && r.ours.outcome === 'implicit-deny'),
      'identity allows, an SCP or RCP denies': count((r) => identityAllows(r) && r.theirs.outcome === 'explicit-deny'),
      'an RCP Deny decides': count(
        (r) =>
          r.ours.matched.some((m) => m.role === 'rcp' && m.statement.effect === 'Deny' && !m.statement.conditional) &&
          r.ours.outcome === 'explicit-deny',
      ),
      'a principal condition settled': count((r) =>
        r.ours.matched.some((m) => m.role === 'scp' && m.policy.id.includes('#')),
      ),
    };
    const outcomes: Record<Outcome, number> = { allow: 0, 'implicit-deny': 0, 'explicit-deny': 0 };
    for (const r of runs) outcomes[r.theirs.outcome]++;
    console.log(
      `differential (organisations) vs iam-simulate: ${runs.length} cases, ${count((r) => agrees(r.ours, r.theirs.outcome))} agree ` +
        `(allow ${outcomes.allow}, implicit-deny ${outcomes['implicit-deny']}, explicit-deny ${outcomes['explicit-deny']}; ` +
        `${count((r) => r.ours.outcome === 'conditional')} conditional within range) in ${seconds.toFixed(1)} s; ` +
        JSON.stringify(coverage),
    );
    expect(Object.entries(coverage).filter(([, n]) => n < 30)).toEqual([]);
  });
});
