/**
 * Runs one generated case through both evaluators: @cloud-copilot/iam-simulate (the oracle) and our
 * PolicyEngine. iam-simulate is AGPL-licensed: it is imported here, under test/, and never from src/.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Outcome, PolicyEngine, RequestDecision } from '../../src/iam/engine.js';
import { normalisePolicyDocument } from '../../src/iam/policy.js';
import type { PolicyAttachment, PrincipalPolicies } from '../../src/iam/principal-policies.js';
import { ACCOUNT, type OracleCase, type PolicyJson } from './generate-cases.js';

export interface OracleAnswer {
  outcome: Outcome;
  /** What the identity policies alone said, and the boundary alone (when there is one). */
  identity: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
  boundary?: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
  /** Some identity Allow statement applied, whether or not a Deny overrode it. */
  identityAllows: boolean;
  /** The resource type iam-simulate recognised in the request's ARN (absent for "*"). */
  resourceType?: string;
  /** Context keys iam-simulate dropped as not applicable to the request (should be none). */
  ignoredContextKeys: string[];
}

export type OracleResult = { ok: true; answer: OracleAnswer } | { ok: false; error: string };

const OUTCOMES = { Allowed: 'allow', ImplicitlyDenied: 'implicit-deny', ExplicitlyDenied: 'explicit-deny' } as const;

/**
 * KMS is the one service here whose resource policy must delegate to IAM before identity policies
 * count: "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to
 * a KMS key" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam).
 * Our engine decides on identity policies alone, which is what AWS does under the default key
 * policy, so iam-simulate is given exactly that default key policy for requests on a key.
 */
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

export async function askIamSimulate(c: OracleCase): Promise<OracleResult> {
  const simulation: Simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: ACCOUNT },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map(({ name, document }) => ({ name, policy: document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.boundary && { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] }),
    ...(c.action.startsWith('kms:') && c.resource !== '*' && { resourcePolicy: DEFAULT_KEY_POLICY }),
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') return { ok: false, error: JSON.stringify(response.errors) };
  if (response.resultType !== 'single')
    return { ok: false, error: `unexpected ${response.resultType} result for a concrete resource` };
  const analysis = response.result.analysis;
  return {
    ok: true,
    answer: {
      outcome: OUTCOMES[response.overallResult],
      identity: analysis.identityAnalysis?.result ?? 'ImplicitlyDenied',
      ...(analysis.permissionBoundaryAnalysis && { boundary: analysis.permissionBoundaryAnalysis.result }),
      identityAllows: (analysis.identityAnalysis?.allowStatements.length ?? 0) > 0,
      ...(response.result.resourceType !== undefined && { resourceType: response.result.resourceType }),
      ignoredContextKeys: response.result.ignoredContextKeys ?? [],
    },
  };
}

function attachment(id: string, name: string, raw: PolicyJson): PolicyAttachment {
  const { document, problems } = normalisePolicyDocument(raw);
  if (problems.length > 0) throw new Error(`normalisePolicyDocument rejected ${id}: ${JSON.stringify(problems)}`);
  return { id, name, kind: 'inline', document };
}

export function principalOf(c: OracleCase): PrincipalPolicies {
  const identity = c.identity.map((p, i) => attachment(`case-${c.id}-${i}`, p.name, p.document));
  return c.boundary
    ? { identity, boundary: attachment(`case-${c.id}-boundary`, 'boundary', c.boundary) }
    : { identity };
}

export function askEngine(engine: PolicyEngine, c: OracleCase): RequestDecision {
  return engine.evaluateRequest(principalOf(c), {
    action: c.action,
    resource: c.resource,
    variables: new Map(Object.entries(c.variables)),
  });
}

/** explicit-deny < implicit-deny < allow: a conditional decision is a range on this order. */
export const RANK: Record<Outcome, number> = { 'explicit-deny': 0, 'implicit-deny': 1, allow: 2 };

/** Whether our decision is consistent with iam-simulate's concrete answer. */
export function agrees(ours: RequestDecision, theirs: Outcome): boolean {
  if (ours.outcome !== 'conditional') return ours.outcome === theirs;
  return RANK[ours.worst] <= RANK[theirs] && RANK[theirs] <= RANK[ours.best];
}
