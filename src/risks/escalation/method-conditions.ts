import { conditionKeys, type ConditionBlock, type ConditionContext, type PolicyAttachment } from '../../iam/index.js';
import type { Tags } from '../../snapshot/index.js';
import { adminLevelOf } from '../admin.js';
import type { RequestContexts } from '../capability.js';
import type { RuleContext } from '../types.js';
import type { EscalationMethod } from './methods.js';

/**
 * What the requests of an escalation method carry, as far as the method and its target decide it, so that
 * a statement counts only where its conditions can be met for the method:
 * - every action is called by the holder itself: aws:CalledVia (and First/Last) absent, aws:ViaAWSService false;
 * - holder and target are of the scanned account (aws:PrincipalAccount, aws:ResourceAccount);
 * - iam:PassRole passes the role to the method's service (iam:PassedToService);
 * - Attach*Policy attaches an administrator policy (iam:PolicyARN: AdministratorAccess, IAMFullAccess, or a
 *   policy of the account that is administrator on its own);
 * - on the method's target, its tags (aws:ResourceTag/…, iam:ResourceTag/…, as the snapshot lists them: a tag
 *   it lacks is absent) and, for a principal, its permissions boundary (iam:PermissionsBoundary).
 * Other keys (aws:MultiFactorAuthPresent, aws:SourceIp, aws:RequestTag/…) are the holder's to meet: a
 * statement conditioned on them keeps its step "when conditions hold", naming them.
 */
export interface MethodRequest {
  /** Equal for methods whose requests carry the same: plans are shared by it. */
  key: string;
  /** For each action of the method, whatever its target. */
  base: RequestContexts;
  /** For the method's target action on one resource. */
  target(arn: string): RequestContexts;
  /** Whether a Condition block tests what only the target decides (then it is evaluated target by target). */
  testsTarget(block: ConditionBlock): boolean;
}

/** Keys whose values come from the target of the request. */
const TARGET_KEY = /^(iam:permissionsboundary|[a-z0-9-]+:resourcetag\/.+)$/i;
const TAG_KEY = /^[a-z0-9-]+:resourcetag\/(.+)$/i;

const DIRECT_CALL: [string, string[]][] = [
  ['aws:calledvia', []],
  ['aws:calledviafirst', []],
  ['aws:calledvialast', []],
  ['aws:viaawsservice', ['false']],
];

/** What a target of a method is known to carry: its tags, and a principal's boundary (undefined: none). */
interface TargetFacts {
  tags: Tags;
  boundary?: string;
  /** The tags by lower-cased key, made on first need. */
  byKey?: Map<string, string>;
}

/**
 * A request context with what the target decides, over the method's own (not copied: thousands are made): a tag
 * key the target lacks, or a boundary it does not have, is absent (no values), not unknown, since the snapshot
 * lists all of them.
 */
class TargetContext extends Map<string, readonly string[]> {
  constructor(
    private readonly base: ConditionContext,
    private readonly facts: TargetFacts,
  ) {
    super();
  }

  override get(key: string): readonly string[] | undefined {
    const known = this.base.get(key);
    if (known !== undefined) return known;
    if (key === 'iam:permissionsboundary') return this.facts.boundary ? [this.facts.boundary] : [];
    const tag = TAG_KEY.exec(key);
    if (!tag) return undefined;
    this.facts.byKey ??= new Map(Object.entries(this.facts.tags).map(([k, v]) => [k.toLowerCase(), v]));
    const value = this.facts.byKey.get(tag[1]!.toLowerCase());
    return value === undefined ? [] : [value];
  }
}

/** The requests of each method in one account: built once per method, shared by every holder. */
export class MethodRequests {
  private readonly byMethod = new Map<string, MethodRequest>();
  private adminPolicies?: string[];
  private facts?: Map<string, TargetFacts>;

  constructor(private readonly ctx: RuleContext) {}

  of(method: EscalationMethod): MethodRequest {
    let request = this.byMethod.get(method.id);
    if (!request) this.byMethod.set(method.id, (request = this.build(method)));
    return request;
  }

  private build(method: EscalationMethod): MethodRequest {
    const services = method.kind === 'pass-role' ? (method.services ?? []) : [];
    const attaches = method.kind === 'write-principal-policy' && /^iam:Attach/.test(method.targetAction ?? '');
    const account = this.ctx.snapshot.accountId;
    let base: ConditionContext[] = [
      new Map([...DIRECT_CALL, ['aws:principalaccount', [account]], ['aws:resourceaccount', [account]]]),
    ];
    if (services.length > 0)
      base = base.flatMap((c) => services.map((s) => new Map([...c, ['iam:passedtoservice', [s]]])));
    if (attaches)
      base = base.flatMap((c) => this.administratorPolicies().map((arn) => new Map([...c, ['iam:policyarn', [arn]]])));
    const targets = new Map<string, RequestContexts>();
    return {
      key: `${services.join(',')}|${attaches ? 'attach' : ''}`,
      base,
      target: (arn) => {
        let contexts = targets.get(arn);
        if (!contexts) {
          const facts = this.factsOf(arn);
          targets.set(arn, (contexts = facts ? base.map((c) => new TargetContext(c, facts)) : base));
        }
        return contexts;
      },
      testsTarget: (block) => conditionKeys(block).some((key) => TARGET_KEY.test(key)),
    };
  }

  /** Policies whose attachment makes a principal administrator: AWS's two, and any of the account's own. */
  private administratorPolicies(): string[] {
    if (!this.adminPolicies) {
      const { snapshot, engine } = this.ctx;
      const partition = snapshot.authorizationDetails.roles[0]?.arn.split(':')[1] ?? 'aws';
      const own = snapshot.authorizationDetails.policies.filter((policy) => {
        const attachment: PolicyAttachment = {
          id: policy.arn,
          name: policy.name,
          kind: 'managed',
          document: policy.document,
        };
        return adminLevelOf(this.ctx, engine.effectivePermissions({ identity: [attachment] })) !== undefined;
      });
      this.adminPolicies = [
        ...new Set([
          `arn:${partition}:iam::aws:policy/AdministratorAccess`,
          `arn:${partition}:iam::aws:policy/IAMFullAccess`,
          ...own.map((p) => p.arn),
        ]),
      ];
    }
    return this.adminPolicies;
  }

  /** Tags (and boundaries) of the principals, instances and functions a method may target, by ARN. */
  private factsOf(arn: string): TargetFacts | undefined {
    if (!this.facts) {
      const { snapshot, index } = this.ctx;
      const facts = new Map<string, TargetFacts>();
      for (const p of index.principals) {
        const boundary = p.entity.kind === 'group' ? undefined : p.entity.boundaryArn;
        facts.set(p.arn, { tags: p.tags, ...(boundary && { boundary }) });
      }
      for (const i of snapshot.instances ?? [])
        facts.set(`arn:aws:ec2:${i.region}:${snapshot.accountId}:instance/${i.instanceId}`, { tags: i.tags });
      for (const f of snapshot.functions ?? []) facts.set(f.arn, { tags: f.tags });
      this.facts = facts;
    }
    return this.facts.get(arn);
  }

  clear(): void {
    this.byMethod.clear();
    this.facts = undefined;
  }
}
