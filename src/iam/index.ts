export { ActionSet } from './action-set.js';
export { ActionPatternIndex, type ActionPatternMatch } from './action-pattern.js';
export { compileResourcePattern, parseArn, type Arn, type ResourcePattern } from './arn.js';
export {
  ActionCatalog,
  type AccessLevel,
  type CatalogAction,
  type CatalogActionInput,
  type CatalogService,
} from './catalog.js';
export {
  conditionKeys,
  evaluateAgainstAny,
  evaluateConditions,
  type ConditionContext,
  type ConditionVerdict,
} from './conditions.js';
export { compilePolicy, type CompiledPolicy, type CompiledStatement, type UnknownAction } from './compiled-policy.js';
export {
  PolicyEngine,
  type EffectivePermissions,
  type OrganizationCap,
  type Outcome,
  type Request,
  type RequestDecision,
  type StatementRef,
} from './engine.js';
export {
  normalisePolicyDocument,
  policyDocumentText,
  type ConditionBlock,
  type Effect,
  type NormalisedPolicy,
  type PolicyDocument,
  type PolicyKind,
  type PolicyProblem,
  type PrincipalBlock,
  type Statement,
} from './policy.js';
export {
  RCP_SERVICES,
  type OrganizationPolicyLevel,
  type PolicyAttachment,
  type PrincipalPolicies,
} from './principal-policies.js';
export {
  accountOfArn,
  allowedOnEveryTarget,
  coversEveryTarget,
  iamTargetKind,
  iamTargetScopes,
  resourceCoverage,
  scopeOfArn,
  statementCoverage,
  type Coverage,
  type IamTargetKind,
  type TargetScope,
} from './resource-coverage.js';
export { OrganizationPolicyResolver } from './organization-policies.js';
