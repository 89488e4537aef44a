import type { EffectivePermissions, PolicyEngine } from '../iam/index.js';
import type { AccountIndex, AccountSnapshot, Principal } from '../snapshot/index.js';
import type { RuleSettings } from './settings.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export const RESOURCE_TYPES = [
  'user',
  'role',
  'group',
  'policy',
  'ec2-instance',
  'lambda-function',
  'account',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** Something a person can check: a policy statement, a path, a data point. */
export interface Evidence {
  summary: string;
  /** The target of this step, for escalation paths (a role, user, group or the account). */
  target?: string;
  policyName?: string;
  policyArn?: string;
  /** Statement index in the document (0-based) and its Sid, when it has one. */
  statementIndex?: number;
  sid?: string;
  actions?: string[];
  viaGroup?: string;
}

export interface FindingDraft {
  resourceArn: string;
  resourceType: ResourceType;
  resourceName: string;
  title: string;
  severity?: Severity;
  evidence: Evidence[];
  /** For findings about compute or policies: the principal whose permissions cause it. */
  relatedArns?: string[];
  /** Distinguishes two findings of one rule on one resource (e.g. two access keys). */
  discriminator?: string;
}

export interface Finding {
  id: string;
  ruleId: string;
  severity: Severity;
  accountId: string;
  resourceArn: string;
  resourceType: ResourceType;
  resourceName: string;
  title: string;
  evidence: Evidence[];
  remediation: { summary: string; consoleUrl: string };
  relatedArns?: string[];
  /** In an organisation scan: where the account sits, "Root/Workloads/Prod". */
  ouPath?: string;
}

/** Data a rule cannot work without; when a snapshot lacks it the rule says so instead of staying silent. */
export type DataSource = 'credentialReport' | 'instances' | 'functions' | 'lastAccessed' | 'events';

export interface RuleContext {
  snapshot: AccountSnapshot;
  index: AccountIndex;
  engine: PolicyEngine;
  now: Date;
  settings: RuleSettings;
  /** Effective permissions, computed once per principal and shared by every rule. */
  effective(principal: Principal): EffectivePermissions;
  /** A value computed once per scan and shared by the rules that need it (e.g. the escalation graph). */
  shared<T>(key: string, build: () => T): T;
  /** Says that the rule ran on part of the data (printed with the findings, never silent). */
  notice(message: string): void;
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  resourceTypes: readonly ResourceType[];
  rationale: string;
  remediation: string;
  needs?: readonly DataSource[];
  detect(ctx: RuleContext): FindingDraft[];
}

/** A rule that could not run, or ran on part of the data; printed with the findings. */
export interface RuleNotice {
  ruleId: string;
  message: string;
}

/** An action a policy names that the AWS action catalog does not know: it grants nothing. */
export interface UnknownActionNotice {
  /** As the policy spells it. */
  action: string;
  /** Whether the service prefix is unknown, or only the action name. */
  unknown: 'service' | 'action';
  /** The first policy naming it: a managed policy's ARN, or "inline policy NAME of ARN". */
  policy: string;
  /** Index of the statement in that policy (0-based). */
  statement: number;
  /** How many policies name it. */
  policies: number;
}

export interface ScanResult {
  accountId: string;
  collectedAt: string;
  findings: Finding[];
  notices: RuleNotice[];
  /**
   * Actions the policies reaching principals name that the catalog does not know, the first UNKNOWN_ACTIONS_LISTED
   * by name; `more` counts the rest. Absent from results recorded before it existed.
   */
  unknownActions?: { listed: UnknownActionNotice[]; more: number };
  gaps: AccountSnapshot['gaps'];
  problems: AccountSnapshot['problems'];
  stats: { principals: number; policies: number; rules: number };
}
