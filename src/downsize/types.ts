import type { PolicyDocument } from '../iam/index.js';
import type { Confidence, UsageNote } from '../usage/confidence.js';
import type { HighRiskKind } from '../usage/high-risk.js';
import type { SourceCoverage, UsageWindow } from '../usage/types.js';

/**
 * - downsize: replace the principal's own policies with the suggested ones
 * - unchanged: everything provisioned is used; nothing to remove
 * - remove: nothing used in the window; quarantine (the deny-all policy), then delete
 * - insufficient-data: the sources cannot say what is used; no suggestion is safe
 */
export type SuggestionVerdict = 'downsize' | 'unchanged' | 'remove' | 'insufficient-data';

export interface NamedPolicy {
  name: string;
  kind: 'inline' | 'managed';
  arn?: string;
  document: PolicyDocument;
}

export interface SuggestedPolicy {
  name: string;
  document: PolicyDocument;
  /** Characters without whitespace, as AWS counts them against the managed-policy limit. */
  size: number;
}

export interface ServiceChange {
  service: string;
  keptActions: number;
  removedActions: number;
}

export interface Suggestion {
  principal: { kind: string; name: string; arn: string };
  verdict: SuggestionVerdict;
  explanation: string;
  window: UsageWindow;
  sources: SourceCoverage[];
  /** The principal's own policies the suggestion replaces (group policies and the boundary stay). */
  current: NamedPolicy[];
  /** Empty for insufficient-data; the quarantine policy for remove. */
  policies: SuggestedPolicy[];
  unchanged: { groupPolicies: { name: string; group: string; arn?: string }[]; boundary?: string };
  kept: {
    actions: number;
    services: string[];
    /** Services written as "service:*": (nearly) all used, and the wildcard adds no high-risk action. */
    serviceWildcards: string[];
    /** Actions scoped from Resource "*" to the resources usage shows. */
    scopedActions: string[];
    denyStatements: number;
    conditionalStatements: number;
  };
  removed: {
    actions: number;
    /** Services the principal loses entirely. */
    services: string[];
    byService: ServiceChange[];
    highRisk: { action: string; kinds: readonly HighRiskKind[] }[];
  };
  /** Unused actions that come through groups: unchanged here, downsized with the group. */
  fromGroups?: { unusedActions: number; groups: string[] };
  /** Used in the window but not allowed by today's policies (changed since, or allowed by a resource policy). */
  usedNotAllowedToday: string[];
  confidence: Confidence;
  notes: UsageNote[];
}
