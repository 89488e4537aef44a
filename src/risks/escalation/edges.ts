import type { ManagedPolicy, Principal } from '../../snapshot/index.js';
import type { ActionCheck } from '../capability.js';
import type { Evidence } from '../types.js';
import type { EscalationMethod } from './methods.js';
import type { ControlEntry } from './positions.js';

/**
 * The edges of the escalation graph (graph.ts) and the steps of a reported path. There are tens of
 * thousands of edges and a few thousand reported paths, so an edge keeps what it was made of and
 * formats its title, actions and evidence only when a path that uses it is reported.
 */

export interface EscalationStep {
  from: string;
  /** A principal ARN, or ANY_PERMISSION. */
  to: string;
  methodId: string;
  title: string;
  actions: { action: string; resource?: string; evidence: Evidence[] }[];
  /** Only statements with conditions allow a step: it works only when they hold. */
  conditional: boolean;
  /** For a conditional step: the condition keys the holder must meet (aws:MultiFactorAuthPresent …), when known. */
  conditionKeys?: readonly string[];
  /** The step relies on something the snapshot cannot show (e.g. an existing Glue endpoint running as the role). */
  assumption?: string;
}

/** The node every self-escalation leads to: "can grant itself any permission". */
export const ANY_PERMISSION = 'any-permission';

/** A step that works only under conditions, or on an assumption, costs more than any certain path. */
export const UNCERTAIN = 1000;
export const VIRTUAL = 'fan-out:';

export interface Edge extends EscalationStep {
  readonly weight: number;
  /** A fan-out edge's candidate resource, written into the step that reaches it. */
  readonly resource?: string;
}

/**
 * A principal's step by a method (tens of thousands): the actions it takes, with their evidence, are
 * listed only if a reported path uses it.
 */
export class MethodEdge implements Edge {
  readonly methodId: string;
  readonly conditional: boolean;
  readonly weight: number;

  constructor(
    readonly from: string,
    readonly to: string,
    private readonly method: EscalationMethod,
    readonly title: string,
    private readonly targetResource: string | undefined,
    private readonly check: ActionCheck,
    /** The holder's checks of the method's other actions (on some resource). */
    private readonly checks: ReadonlyMap<string, ActionCheck>,
    supportConditional: boolean,
    readonly assumption?: string,
  ) {
    this.methodId = method.id;
    this.conditional = supportConditional || check.grant === 'conditional';
    this.weight = this.conditional || assumption ? UNCERTAIN : 1;
  }

  get conditionKeys(): readonly string[] | undefined {
    return this.conditional ? keysOf([this.check, ...this.checks.values()]) : undefined;
  }

  get actions(): EscalationStep['actions'] {
    const target = this.method.targetAction;
    const actions: EscalationStep['actions'] = target ? [stepAction(target, this.targetResource, this.check)] : [];
    for (const action of this.method.actions)
      if (action !== target) actions.push(stepAction(action, undefined, this.checks.get(action)!));
    return actions;
  }
}

const NO_ACTIONS: EscalationStep['actions'] = Object.freeze([]) as unknown as EscalationStep['actions'];

/**
 * From a fan-out node to one of its candidates (a quarter of a million at 50,000 principals): its title is
 * formatted only if a path takes it, and what every fan-out edge says alike sits on the class, not on each one.
 */
export class FanOutEdge implements Edge {
  readonly to: string;
  readonly weight: number;

  constructor(
    readonly from: string,
    private readonly candidate: Candidate,
    private readonly titleOf: (candidate: Candidate) => string,
  ) {
    this.to = candidate.to;
    this.weight = candidate.assumption ? UNCERTAIN : 0;
  }

  get methodId(): string {
    return 'fan-out';
  }

  get actions(): EscalationStep['actions'] {
    return NO_ACTIONS;
  }

  get conditional(): boolean {
    return false;
  }

  get title(): string {
    return this.titleOf(this.candidate);
  }

  get resource(): string | undefined {
    return this.candidate.resource || undefined;
  }

  get assumption(): string | undefined {
    return this.candidate.assumption || undefined;
  }
}

/** One possible target of a method: the role passed, the user whose key is created … */
export interface Candidate {
  to: string;
  resource?: string;
  title: string;
  assumption?: string;
}

/** A grant that holds only under conditions: the same evidence, read only if the step is reported. */
export class ConditionalCheck implements ActionCheck {
  readonly grant = 'conditional';
  constructor(private readonly check: ActionCheck) {}
  get evidence(): Evidence[] {
    return this.check.evidence;
  }
  get conditionKeys(): readonly string[] | undefined {
    return this.check.conditionKeys;
  }
}

/** The condition keys the conditional ones among `checks` depend on, each once. */
export function keysOf(checks: readonly ActionCheck[]): readonly string[] {
  const keys = new Set<string>();
  for (const check of checks)
    if (check.grant === 'conditional') for (const key of check.conditionKeys ?? []) keys.add(key);
  return [...keys];
}

/** "Rewrite a policy attached to the holder": one per attachment, shared by the methods that rewrite policies. */
export class PolicyControlEntry implements ControlEntry {
  readonly holder: string;
  readonly resource: string;

  constructor(
    private readonly policy: ManagedPolicy,
    private readonly principal: Principal,
  ) {
    this.holder = principal.arn;
    this.resource = policy.arn;
  }

  titleBy(method: EscalationMethod): string {
    return `${method.title} (${this.policy.name}, attached to ${this.principal.kind} ${this.principal.name})`;
  }
}

/** "Write the policies of a principal", reaching the holder (the principal, or a member of the group). */
export class PrincipalControlEntry implements ControlEntry {
  readonly resource: string;

  constructor(
    private readonly target: Principal,
    readonly holder: string,
  ) {
    this.resource = target.arn;
  }

  titleBy(method: EscalationMethod): string {
    return `${method.title}: ${this.target.kind} ${this.target.name}`;
  }
}

export type ControlTarget = PolicyControlEntry | PrincipalControlEntry;

export type StepAction = EscalationStep['actions'][number];

/** An action of a step; its evidence is formatted only if the step ends up in a reported path. */
export class LazyStepAction implements StepAction {
  constructor(
    readonly action: string,
    readonly resource: string | undefined,
    private readonly check: ActionCheck,
  ) {}

  get evidence(): Evidence[] {
    return this.check.evidence;
  }

  on(resource: string): LazyStepAction {
    return new LazyStepAction(this.action, resource, this.check);
  }

  toJSON(): StepAction {
    return {
      action: this.action,
      ...(this.resource !== undefined && { resource: this.resource }),
      evidence: this.evidence,
    };
  }
}

export function stepAction(action: string, resource: string | undefined, check: ActionCheck): StepAction {
  return new LazyStepAction(action, resource, check);
}

/** Folds each edge into a fan-out node with the fan-out edge after it: one step, to the real target. */
export function collapse(edges: readonly Edge[]): EscalationStep[] {
  const steps: EscalationStep[] = [];
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i]!;
    const fan = edges[i + 1];
    if (edge.to.startsWith(VIRTUAL) && fan) {
      const resource = fan.resource;
      steps.push(
        step(edge, {
          to: fan.to,
          title: fan.title,
          actions: edge.actions.map((a, k) =>
            k === 0 && resource ? (a instanceof LazyStepAction ? a.on(resource) : { ...a, resource }) : a,
          ),
          assumption: fan.assumption ?? edge.assumption,
        }),
      );
      i++;
    } else steps.push(step(edge, {}));
  }
  return steps;
}

/** A step as plain data (edges may format their fields lazily). */
function step(edge: Edge, changes: Partial<EscalationStep>): EscalationStep {
  const result: EscalationStep = {
    from: edge.from,
    to: changes.to ?? edge.to,
    methodId: edge.methodId,
    title: changes.title ?? edge.title,
    actions: changes.actions ?? edge.actions,
    conditional: edge.conditional,
  };
  const keys = edge.conditionKeys;
  if (keys && keys.length > 0) result.conditionKeys = keys;
  const assumption = 'assumption' in changes ? changes.assumption : edge.assumption;
  if (assumption) result.assumption = assumption;
  return result;
}
