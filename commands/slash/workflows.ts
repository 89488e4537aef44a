import { UsageError } from '../../src/errors.js';
import { noticeMessage } from '../../views/notice.js';
import { workflowRunsMessage } from '../../views/workflow-messages.js';
import type { Subcommand } from './registry.js';

export const workflowsSubcommand: Subcommand = {
  name: 'workflows',
  usage: 'workflows [name] [--failed]',
  summary: 'automated workflows: their latest runs, what each action did, and what failed',
  available: (services) => services.workflows !== undefined,
  options: { failed: { type: 'boolean', short: 'f' } },
  positionals: { min: 0, max: 1, name: 'workflow' },
  prepare(input, services) {
    const desk = services.workflows;
    if (!desk)
      return {
        reply: noticeMessage(
          'Workflows are not set up in this app.',
          'Start `rightsize serve` with a config file that has workflows and a state file (see the README: Workflows).',
        ),
      };
    const workflow = input.positionals[0];
    return {
      async run(ctx) {
        const overview = await desk.overview({
          ...(workflow && { workflow }),
          failedOnly: input.values.failed === true,
        });
        if (workflow && !overview.workflows.some((w) => w.name === workflow))
          throw new UsageError(
            `no workflow "${workflow}"; workflows: ${overview.workflows.map((w) => w.name).join(', ') || 'none'}`,
          );
        await ctx.respond(workflowRunsMessage(overview));
      },
    };
  },
};
