import { DAY_MS } from '../../risks/settings.js';
import { findingOf, type ActionHandler } from './context.js';

export const mute: ActionHandler<'mute'> = {
  async run(action, ctx) {
    const { finding } = findingOf(ctx);
    const now = ctx.now();
    const { mute } = await ctx.store.mute({
      finding: finding.id,
      by: ctx.actor,
      reason: `${action.reason} (workflow ${ctx.workflow.name})`,
      until: new Date(now.getTime() + action.days * DAY_MS),
      now,
    });
    return `muted ${finding.id} until ${mute.until}`;
  },
  async describe(action, ctx) {
    return `mute ${findingOf(ctx).finding.id} for ${action.days} days: ${action.reason}`;
  },
};
