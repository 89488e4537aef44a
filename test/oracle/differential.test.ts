/**
 * Differential test of our IAM engine (src/iam/engine.ts) against @cloud-copilot/iam-simulate, an
 * independent IAM simulator (AGPL: a devDependency, imported only under test/).
 *
 * A seeded generator (generate-cases.ts) builds a few thousand (identity policies, boundary, request)
 * cases from real actions and ARNs. For each case:
 *  - without any Condition, our outcome must equal iam-simulate's
 *    (Allowed → allow, ImplicitlyDenied → implicit-deny, ExplicitlyDenied → explicit-deny);
 *  - with Conditions, iam-simulate gets a concrete request context that sometimes satisfies and
 *    sometimes fails them, and its answer must lie in our range [worst..best] on the order
 *    explicit-deny < implicit-deny < allow (and equal our outcome when that is definite).
 *
 * Where the two knowingly differ, the construct is left out of generation and documented below
 * ("known differences"), with a pinned minimal example and a check that the three documented
 * constructs explain every disagreement they cause.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome, PolicyEngine, RequestDecision } from '../../src/iam/engine.js';
import type { RawStatement } from '../support/builders.js';
import { realEngine } from '../support/catalog.js';
import { ACCOUNT, ACTIONS, FEATURES, generateCases, type OracleCase } from './generate-cases.js';
import { agrees, askEngine, askIamSimulate, runCases, type CaseRun } from './oracle.js';

const SEED = 0x5eed2024;
const CASES = 4000;
const KNOWN_DIFFERENCE_CASES = 1500;
const MIN_CASES = 2000;
const MIN_PER_FEATURE = 100;
type Run = CaseRun<OracleCase, RequestDecision>;

interface Runs {
  runs: Run[];
  errors: { c: OracleCase; error: string }[];
}

const runAll = (engine: PolicyEngine, cases: OracleCase[]): Promise<Runs> =>
  runCases(cases, (c) => askEngine(engine, c));

/** A disagreement, printed so that it can be pasted into a unit test. */
function repro({ c, ours, theirs }: Run): string {
  const policies = c.identity.map((p) => p.document.Statement);
  return JSON.stringify({
    case: c.id,
    request: { action: c.action, resource: c.resource, context: c.context },
    ours: ours.outcome === 'conditional' ? `conditional [${ours.worst}..${ours.best}]` : ours.outcome,
    iamSimulate: theirs.outcome,
    identity: policies,
    boundary: c.boundary?.Statement,
  });
}

const hasCondition = (c: OracleCase) => c.features.includes('condition');

let engine: PolicyEngine;
let main: Runs;
let known: Runs;
let seconds: number;

beforeAll(async () => {
  const start = performance.now();
  engine = await realEngine();
  main = await runAll(engine, generateCases(SEED, CASES));
  seconds = (performance.now() - start) / 1000;
  known = await runAll(engine, generateCases(SEED + 1, KNOWN_DIFFERENCE_CASES, { knownDifferences: true }));
}, 60_000);

describe('our engine against iam-simulate on generated cases', () => {
  it('generates the same cases from the same seed, and other cases from another seed', () => {
    expect(generateCases(SEED, 100)).toEqual(generateCases(SEED, 100));
    expect(generateCases(SEED + 7, 100)).not.toEqual(generateCases(SEED, 100));
  });

  it('asks only about real catalog actions, on ARNs of a resource type the action takes', () => {
    for (const { action, type } of ACTIONS) {
      const index = engine.catalog.indexOf(action);
      expect(index, action).toBeDefined();
      // An empty resource-type list means the action only supports Resource "*".
      expect(engine.catalog.action(index!).resourceTypes.length === 0, action).toBe(type === null);
    }
    const rejected = ({ c, error }: Runs['errors'][number]) => ({
      case: c.id,
      action: c.action,
      resource: c.resource,
      error,
    });
    expect(main.errors.slice(0, 3).map(rejected)).toEqual([]);
    for (const { c, theirs } of main.runs) {
      if (c.resource === '*') continue;
      expect(engine.catalog.action(engine.catalog.indexOf(c.action)!).resourceTypes, c.resource).toContain(
        theirs.resourceType,
      );
    }
    // Every context key we give iam-simulate is one it uses for the request (none silently dropped).
    expect(main.runs.filter((r) => r.theirs.ignoredContextKeys.length > 0).map(repro)).toEqual([]);
  });

  it('decides every case without conditions exactly as iam-simulate does', () => {
    const unconditional = main.runs.filter((r) => !hasCondition(r.c));
    expect(unconditional.length).toBeGreaterThanOrEqual(MIN_CASES / 2);
    const disagreements = unconditional.filter((r) => r.ours.outcome !== r.theirs.outcome);
    expect(disagreements.slice(0, 5).map(repro)).toEqual([]);
  });

  it("keeps iam-simulate's concrete answer inside our range when conditions decide", () => {
    const conditional = main.runs.filter((r) => hasCondition(r.c));
    const disagreements = conditional.filter((r) => !agrees(r.ours, r.theirs.outcome));
    expect(disagreements.slice(0, 5).map(repro)).toEqual([]);
    // The concrete contexts both satisfy and fail conditions: iam-simulate lands on each end of our range.
    const ranged = conditional.filter((r) => r.ours.outcome === 'conditional');
    expect(ranged.length).toBeGreaterThanOrEqual(MIN_PER_FEATURE);
    expect(ranged.filter((r) => r.theirs.outcome === r.ours.best).length).toBeGreaterThanOrEqual(MIN_PER_FEATURE / 2);
    expect(ranged.filter((r) => r.theirs.outcome === r.ours.worst).length).toBeGreaterThanOrEqual(MIN_PER_FEATURE / 2);
  });

  it('runs at least 2,000 cases and covers every feature and outcome at least 100 times', () => {
    const { runs } = main;
    expect(runs.length).toBeGreaterThanOrEqual(MIN_CASES);

    const count = (test: (r: Run) => boolean) => runs.filter(test).length;
    const coverage: Record<string, number> = {};
    for (const feature of FEATURES) coverage[feature] = count((r) => r.c.features.includes(feature));
    // What happened, from iam-simulate's own analysis of each case:
    coverage['deny overrides an allow'] = count(
      (r) => r.theirs.identityAllows && r.theirs.identity === 'ExplicitlyDenied',
    );
    coverage['identity allows outside the boundary'] = count(
      (r) => r.theirs.identity === 'Allowed' && r.theirs.boundary === 'ImplicitlyDenied',
    );
    coverage['boundary denies explicitly'] = count((r) => r.theirs.boundary === 'ExplicitlyDenied');
    const outcomes: Record<Outcome, number> = { allow: 0, 'implicit-deny': 0, 'explicit-deny': 0 };
    for (const r of runs) outcomes[r.theirs.outcome]++;
    Object.assign(coverage, outcomes);

    const thin = Object.entries(coverage).filter(([, n]) => n < MIN_PER_FEATURE);
    expect(thin).toEqual([]);

    const conditional = count((r) => r.ours.outcome === 'conditional');
    const agreeing = count((r) => agrees(r.ours, r.theirs.outcome));
    console.log(
      `differential vs iam-simulate: ${runs.length} cases, ${agreeing} agree ` +
        `(allow ${outcomes.allow}, implicit-deny ${outcomes['implicit-deny']}, explicit-deny ${outcomes['explicit-deny']}; ` +
        `${conditional} conditional within range) in ${seconds.toFixed(1)} s`,
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Known differences: left out of generation, each documented and pinned by a minimal example.

let pinned = 0;
const single = (action: string, resource: string, statements: RawStatement[]): OracleCase => ({
  id: `pinned-${pinned++}`,
  identity: [{ name: 'policy', document: { Version: '2012-10-17', Statement: statements } }],
  principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
  action,
  resource,
  context: {},
  variables: {},
  features: [],
});

async function both(c: OracleCase): Promise<{ ours: RequestDecision['outcome']; iamSimulate: Outcome }> {
  const theirs = await askIamSimulate(c);
  if (!theirs.ok) throw new Error(theirs.error);
  return { ours: askEngine(engine, c).outcome, iamSimulate: theirs.answer.outcome };
}

const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);
const statementsOf = (c: OracleCase) => [
  ...c.identity.flatMap((p) => p.document.Statement),
  ...(c.boundary?.Statement ?? []),
];

/** The resource-type part as iam-simulate splits it: up to the first "/" or ":" of the resource. */
function wildcardInResourceType(arn: string): boolean {
  const parts = arn.split(':');
  if (parts.length < 6) return false;
  // iam-simulate exempts S3 bucket and object ARNs, recognised by "s3" and empty region and account.
  if (parts[2] === 's3' && parts[3] === '' && parts[4] === '') return false;
  const resource = parts.slice(5).join(':');
  const ends = [resource.indexOf('/'), resource.indexOf(':')].filter((i) => i >= 0);
  return ends.length > 0 && /[*?]/.test(resource.slice(0, Math.min(...ends)));
}

const KNOWN_DIFFERENCES = {
  'wildcard in the resource type': (c: OracleCase) =>
    statementsOf(c).some((s) => [...asList(s.Resource), ...asList(s.NotResource)].some(wildcardInResourceType)),
  'short ARN in NotResource': (c: OracleCase) =>
    statementsOf(c).some((s) => asList(s.NotResource).some((r) => r !== '*' && r.split(':').length < 6)),
};

describe('known differences from iam-simulate, kept out of generation', () => {
  it('explains every disagreement on the excluded constructs by one of them', () => {
    expect(known.errors.map(({ c, error }) => `${c.id}: ${error}`).slice(0, 3)).toEqual([]);
    const disagreements = known.runs.filter((r) => !agrees(r.ours, r.theirs.outcome));
    const explained = (c: OracleCase) =>
      Object.entries(KNOWN_DIFFERENCES)
        .filter(([, applies]) => applies(c))
        .map(([name]) => name);
    expect(
      disagreements
        .filter((r) => explained(r.c).length === 0)
        .slice(0, 5)
        .map(repro),
    ).toEqual([]);
    // Each exclusion is needed: each construct does cause disagreements.
    for (const name of Object.keys(KNOWN_DIFFERENCES))
      expect(disagreements.filter((r) => explained(r.c).includes(name)).length, name).toBeGreaterThan(0);
  });

  /*
   * sts:GetCallerIdentity needs no permission and cannot be denied: "No permissions are required to
   * perform this operation. If an administrator attaches a policy to your identity that explicitly
   * denies access to the sts:GetCallerIdentity action, you can still perform this operation."
   * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)
   * This was a disagreement the oracle found; the engine now follows the documentation.
   */
  it('allows sts:GetCallerIdentity whatever the policies say, as AWS and iam-simulate do', async () => {
    const denied = single('sts:GetCallerIdentity', '*', [{ Effect: 'Deny', Action: 'sts:*', Resource: '*' }]);
    expect(await both(denied)).toEqual({ ours: 'allow', iamSimulate: 'allow' });
    const nothing = single('sts:GetCallerIdentity', '*', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    expect(await both(nothing)).toEqual({ ours: 'allow', iamSimulate: 'allow' });
  });

  /*
   * A wildcard inside the resource-type part of an ARN: "use?" in "arn:aws:iam::123456789012:use?/alice".
   * AWS documents wildcards per colon-separated segment: "You can use wildcard characters (* and ?)
   * within the individual segments of an ARN (the parts separated by colons)" and "The asterisk (*)
   * character can expand to replace everything within a segment, including characters like a forward
   * slash (/)" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
   * "user/alice" is one segment, so our engine matches it as a plain wildcard. iam-simulate instead
   * requires the text before the first "/" or ":" to be literal, citing the "Incorrect wildcard usage"
   * guidance of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html; yet it matches
   * "user*" (no separator), and on a Deny its rule fails open. Guidance against writing a pattern does
   * not say how AWS evaluates one, so no documentation settles which answer is right: generation
   * avoids the construct.
   */
  it('matches a wildcard inside the resource type of an ARN, where iam-simulate wants it literal', async () => {
    const allow = single('iam:GetUser', USER, [
      { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:u*/alice` },
    ]);
    expect(await both(allow)).toEqual({ ours: 'allow', iamSimulate: 'implicit-deny' });
    const deny = single('iam:GetUser', USER, [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:use?/alice` },
    ]);
    expect(await both(deny)).toEqual({ ours: 'explicit-deny', iamSimulate: 'allow' });
    // Without a separator after it, iam-simulate reads no resource type, and both match.
    const noSeparator = single('iam:GetUser', USER, [
      { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user*` },
    ]);
    expect(await both(noSeparator)).toEqual({ ours: 'allow', iamSimulate: 'allow' });
  });

  /*
   * A short ARN ("arn:aws:s3", fewer than six segments). Both engines expand it with "*" segments in
   * identity policies, and agree on it in Resource (generation keeps that). In NotResource,
   * iam-simulate declines to invert a mismatch of an expanded short ARN ("conservative"), so the
   * statement never applies; our engine applies the NotResource definition as for any other entry:
   * "NotResource is an advanced policy element that explicitly matches every resource except those
   * specified" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html).
   * AWS documents no short-ARN form at all, so generation keeps short ARNs out of NotResource.
   */
  it('applies a NotResource short ARN to resources outside it, where iam-simulate never applies it', async () => {
    const allow = single('iam:GetUser', USER, [{ Effect: 'Allow', Action: 'iam:GetUser', NotResource: 'arn:aws:s3' }]);
    expect(await both(allow)).toEqual({ ours: 'allow', iamSimulate: 'implicit-deny' });
    const deny = single('iam:GetUser', USER, [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:GetUser', NotResource: 'arn:aws:s3' },
    ]);
    expect(await both(deny)).toEqual({ ours: 'explicit-deny', iamSimulate: 'allow' });
    // A resource inside the short ARN is excluded by both.
    const inside = single('iam:GetUser', USER, [
      { Effect: 'Allow', Action: 'iam:GetUser', NotResource: 'arn:aws:iam' },
    ]);
    expect(await both(inside)).toEqual({ ours: 'implicit-deny', iamSimulate: 'implicit-deny' });
  });
});
