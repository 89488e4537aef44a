import { evaluateConditions, type ConditionContext } from './conditions.js';
import type { Statement } from './policy.js';
import type { OrganizationPolicyLevel, PolicyAttachment } from './principal-policies.js';

/**
 * The SCP levels as they apply to one principal: conditions decided by what is known of every request the
 * principal makes (aws:PrincipalArn, aws:PrincipalTag/…, aws:PrincipalAccount) are settled here. A statement whose
 * conditions fail for the principal matches nothing, one whose conditions hold loses them; the rest stay conditional.
 * Principals with the same outcome share the resulting policies (and so the engine's cached results).
 */
export class OrganizationPolicyResolver {
  private readonly resolved = new Map<string, PolicyAttachment>();
  private readonly levelsByKey = new Map<string, OrganizationPolicyLevel[]>();

  constructor(private readonly levels: readonly OrganizationPolicyLevel[]) {}

  forPrincipal(context: ConditionContext | undefined): readonly OrganizationPolicyLevel[] {
    if (!context) return this.levels;
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
