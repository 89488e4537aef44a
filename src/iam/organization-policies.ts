import { evaluateConditions, type ConditionContext } from './conditions.js';
import type { Statement } from './policy.js';
import type { OrganizationPolicyLevel, PolicyAttachment } from './principal-policies.js';

/**
 * The SCP levels as they apply to one principal: conditions decided by what is known of every request the
 * principal makes (aws:PrincipalArn, aws:PrincipalTag/…, aws:PrincipalAccount) are settled here. A statement whose
 * conditions fail for the principal matches nothing, one whose conditions hold loses them; the rest stay conditional.
 * Principals with the same outcome share the resulting policies (and so the engine's cached results).
 */
const PRINCIPAL_TAG = 'aws:principaltag/';

export class OrganizationPolicyResolver {
  private readonly resolved = new Map<string, PolicyAttachment>();
  private readonly levelsByKey = new Map<string, OrganizationPolicyLevel[]>();

  /** The aws:PrincipalTag/… keys the SCPs test (lower case): a principal without the tag is known not to have it. */
  private readonly principalTagKeys: string[];

  constructor(private readonly levels: readonly OrganizationPolicyLevel[]) {
    const keys = new Set<string>();
    for (const level of levels)
      for (const policy of level.policies)
        for (const statement of policy.document.Statement)
          for (const entries of Object.values(statement.Condition ?? {}))
            for (const key of Object.keys(entries))
              if (key.toLowerCase().startsWith(PRINCIPAL_TAG)) keys.add(key.toLowerCase());
    this.principalTagKeys = [...keys];
  }

  /**
   * `context` holds every principal tag the principal has (aws:principaltag/<key>): a tag the SCPs test that it
   * lacks is absent, not unknown.
   */
  forPrincipal(given: ConditionContext | undefined): readonly OrganizationPolicyLevel[] {
    if (!given) return this.levels;
    const missing = this.principalTagKeys.filter((key) => !given.has(key));
    const context: ConditionContext =
      missing.length > 0 ? new Map([...given, ...missing.map((key) => [key, []] as const)]) : given;
    const keys: string[] = [];
    const levels = this.levels.map((level) => ({
      ...level,
      policies: level.policies.map((policy) => {
        const resolved = this.resolve(policy, context);
        keys.push(resolved.id);
        return resolved;
      }),
    }));
    const key = keys.join('\n');
    const shared = this.levelsByKey.get(key);
    if (shared) return shared;
    this.levelsByKey.set(key, levels);
    return levels;
  }

  private resolve(policy: PolicyAttachment, context: ConditionContext): PolicyAttachment {
    const statements = policy.document.Statement;
    if (!statements.some((s) => s.Condition)) return policy;
    let changed = false;
    const marks: string[] = [];
    const kept: Statement[] = [];
    for (const statement of statements) {
      if (!statement.Condition || Object.keys(statement.Condition).length === 0) {
        kept.push(statement);
        marks.push('-');
        continue;
      }
      const verdict = evaluateConditions(statement.Condition, context);
      if (verdict.result === 'fails') {
        changed = true;
        // Kept, matching no action, so that statement numbers in evidence stay those of the document.
        const { Condition: _failed, NotAction: _all, ...rest } = statement;
        kept.push({ ...rest, Action: [] });
        marks.push('f');
      } else if (verdict.result === 'holds') {
        changed = true;
        const { Condition: _settled, ...unconditional } = statement;
        kept.push(unconditional);
        marks.push('h');
      } else {
        kept.push(statement);
        marks.push('?');
      }
    }
    if (!changed) return policy;
    const id = `${policy.id}#${marks.join('')}`;
    let resolved = this.resolved.get(id);
    if (!resolved) {
      resolved = { ...policy, id, document: { ...policy.document, Statement: kept } };
      this.resolved.set(id, resolved);
    }
    return resolved;
  }
}
