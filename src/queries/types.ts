import type { Outcome } from '../iam/index.js';
import type { PrincipalKind } from '../snapshot/index.js';

/** Answers to access questions: who can do X, can P do X, how does A become B. Plain data, for text, JSON and Slack. */

export interface PrincipalRef {
  kind: PrincipalKind;
  name: string;
  arn: string;
}

/** A statement as the answers name it: "managed policy deny-iam-changes (via group contractors) statement #0". */
export interface StatementLabel {
  effect: 'Allow' | 'Deny';
  role: 'identity' | 'boundary' | 'scp' | 'rcp';
  policy: string;
  policyArn?: string;
  viaGroup?: string;
  statement: number;
  sid?: string;
  text: string;
  /** For an SCP or RCP: the root, OU or account it is attached at. */
  level?: { kind: 'root' | 'ou' | 'account'; id: string; name: string };
}

/** Condition key → values (lower-case keys inside the engine; as typed here, for display). */
export type QueryContext = Record<string, string[]>;

export type Verdict = 'allowed' | 'partly allowed' | 'conditional' | 'denied';

/** One action of a `can` question, decided. */
export interface ActionDecision {
  action: string;
  outcome: Outcome | 'conditional';
  /** The deciding statements, in the words of `permissions`: what allows, denies, caps or leaves it open. */
  because: string[];
  /** Condition keys whose values would decide, when conditional. */
  deciding: string[];
  allows: StatementLabel[];
  denies: StatementLabel[];
}

/** Statements on part of a wildcard resource: they neither allow nor deny all of it. */
export interface PartialScope {
  effect: 'Allow' | 'Deny';
  action: string;
  resource: string;
  statement: StatementLabel;
}

export interface CanAnswer {
  principal: PrincipalRef;
  action: string;
  resource: string;
  context: QueryContext;
  verdict: Verdict;
  /** How many actions the action pattern names, and how they came out. */
  counts: { actions: number; allowed: number; conditional: number; denied: number };
  /** Every action when the pattern names a few; the allowed and conditional ones first when it names many. */
  decisions: ActionDecision[];
  partial: PartialScope[];
  limits: string[];
}

export interface DirectGrant {
  principal: PrincipalRef;
  /** The actions allowed (all of them, or the first few of many) and how many. */
  actions: string[];
  actionCount: number;
  statements: string[];
  /** Whether a Condition was part of the grant: none, or one the given context satisfies. */
  condition: 'none' | 'holds in the given context';
  /** Only on part of a wildcard resource: the patterns it is allowed on. */
  onPart?: string[];
}

export interface ConditionalGrant {
  principal: PrincipalRef;
  actions: string[];
  actionCount: number;
  /** The condition keys that decide. */
  keys: string[];
  statements: string[];
}

export interface PathStep {
  from: string;
  to: string;
  title: string;
  actions: { action: string; resource?: string; statement?: string }[];
  conditional: boolean;
  assumption?: string;
}

export interface EscalationGrant {
  principal: PrincipalRef;
  /** Who it becomes that can: a principal name, "administrator" or "any permission". */
  reaches: string;
  steps: PathStep[];
  conditional: boolean;
}

export type Via = 'direct' | 'escalation' | 'all';

export interface WhoCanAnswer {
  action: string;
  resource: string;
  context: QueryContext;
  via: Via;
  /** Catalog actions the action names. */
  actionCount: number;
  principals: number;
  direct: DirectGrant[];
  conditional: ConditionalGrant[];
  escalation: EscalationGrant[];
  limits: string[];
}

export interface PathAnswer {
  from: PrincipalRef;
  /** A principal, or "administrator". */
  to: PrincipalRef | 'administrator';
  outcome: 'path' | 'already' | 'no path';
  steps: PathStep[];
  conditional: boolean;
  assumptions: string[];
  /** For "no path" (and "already"): what the graph shows is missing, in sentences. */
  explanation: string[];
}
