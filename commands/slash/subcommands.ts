import { helpSubcommand } from './help.js';
import { insightsSubcommand } from './insights.js';
import { jiraSubcommand } from './jira.js';
import { muteSubcommand } from './mute.js';
import type { Subcommand } from './registry.js';
import { risksSubcommand } from './risks.js';
import { scanSubcommand } from './scan.js';
import { showSubcommand } from './show.js';
import { statusSubcommand } from './status.js';
import { suggestSubcommand } from './suggest.js';
import { unmuteSubcommand } from './unmute.js';
import { workflowsSubcommand } from './workflows.js';
import { canSubcommand } from './can.js';
import { pathSubcommand } from './path.js';
import { whoCanSubcommand } from './who-can.js';

/** The subcommands, in the order help lists them. */
export function defaultSubcommands(): Subcommand[] {
  const subcommands: Subcommand[] = [];
  subcommands.push(
    helpSubcommand(() => subcommands),
    scanSubcommand,
    risksSubcommand,
    showSubcommand,
    insightsSubcommand,
    suggestSubcommand,
    whoCanSubcommand,
    canSubcommand,
    pathSubcommand,
    muteSubcommand,
    unmuteSubcommand,
    jiraSubcommand,
    statusSubcommand,
    workflowsSubcommand,
  );
  return subcommands;
}
