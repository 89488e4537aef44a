import type { RightsizeConfig } from '../../config/index.js';
import type { ActionName, WorkflowAction, WorkflowConfig } from '../../config/workflows.js';
import { WorkflowActionError } from '../../errors.js';
import type { Actor, FindingRecord, StateStore } from '../../store/index.js';
import type { FindingEvent, WorkflowEvent } from '../events.js';
import { NOT_AVAILABLE, type ActionExecutors } from '../executors.js';

/** What an action works with: the event, the integrations, the state and the clock. */
export interface ActionContext {
  workflow: WorkflowConfig;
  event: WorkflowEvent;
  runId: string;
  /** The action's index in `then`. */
  step: number;
  executors: ActionExecutors;
  store: StateStore;
  config: RightsizeConfig;
  now: () => Date;
  /** `workflow:<name>`, for the audit log and the integrations. */
  actor: Actor;
  webhookBackoffMs: number;
}

export type ActionOf<N extends ActionName> = Extract<WorkflowAction, { action: N }>;

/**
 * One action: `run` does it and returns what it did in a line (or throws saying why not); `describe` says what
 * it would do, without side effects, for dry runs.
 */
export interface ActionHandler<N extends ActionName> {
  run(action: ActionOf<N>, ctx: ActionContext): Promise<string>;
  describe(action: ActionOf<N>, ctx: ActionContext): Promise<string>;
}

/** The integration an action needs, or the "not available" failure the run records. */
export function need<K extends keyof ActionExecutors>(ctx: ActionContext, kind: K): NonNullable<ActionExecutors[K]> {
  const executor = ctx.executors[kind];
  if (!executor) throw new WorkflowActionError(NOT_AVAILABLE[kind]);
  return executor;
}

/**
 * ` — <why not>` for a dry run's line when an integration is missing. A dry run calls no Jira, so it is given no Jira
 * executor; a config with a `jira` section is what gives a real run one.
 */
export function availability(ctx: ActionContext, kind: keyof ActionExecutors): string {
  if (ctx.executors[kind] || (kind === 'jira' && ctx.config.jira)) return '';
  return ` — ${NOT_AVAILABLE[kind]}`;
}

export function findingOf(ctx: ActionContext): FindingEvent & { finding: FindingRecord } {
  if (ctx.event.kind !== 'finding')
    throw new WorkflowActionError(`${ctx.event.name} is about a scan; this action needs a finding`);
  return ctx.event;
}

export function accountLabel(config: RightsizeConfig, accountId: string): string {
  const account = config.accounts.find((a) => a.id === accountId);
  return account?.name ? `${account.name} (${accountId})` : accountId;
}
