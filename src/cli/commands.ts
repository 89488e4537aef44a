import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/** A subcommand's module: fills in the command the entry made (arguments, options, action). */
export interface CommandModule {
  register(command: Command, ctx: CommandContext): void;
}

/** A subcommand as `rightsize --help` lists it, and where its module is; the module loads only when it runs. */
export interface CommandEntry {
  name: string;
  /** How help lists it: the name, `[options]` when it has some, its arguments. */
  term: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

/** Every subcommand, in the order help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'scan',
    term: 'scan [options]',
    summary: 'run the risk rules over an account snapshot (or an organisation of them) and list the findings',
    load: () => import('./scan.js'),
  },
  {
    name: 'organization',
    term: 'organization',
    summary: 'join the summaries of accounts scanned one by one (scan --summary-out) into cross-account paths',
    load: () => import('./organization.js'),
  },
  {
    name: 'permissions',
    term: 'permissions [options] <principal>',
    summary:
      "explain a principal's effective permissions: services, action counts, which policy grants what, conditional parts",
    load: () => import('./permissions.js'),
  },
  {
    name: 'who-can',
    term: 'who-can [options] <action> [resource]',
    summary:
      'every principal that can perform an action (wildcards allowed) on a resource: directly, under conditions, or through escalation',
    load: () => import('./who-can.js'),
  },
  {
    name: 'can',
    term: 'can [options] <principal> <action> [resource]',
    summary: 'whether a principal can perform an action: allowed, denied or conditional, with the deciding statements',
    load: () => import('./can.js'),
  },
  {
    name: 'path',
    term: 'path [options] <from> <to>',
    summary: 'how one principal can become another (or administrator): every step with its action and statement',
    load: () => import('./path.js'),
  },
  {
    name: 'insights',
    term: 'insights [options] <principal>',
    summary:
      'provisioned vs used for a principal: services and actions granted, which were used and when, share used, unused high-risk actions',
    load: () => import('./insights.js'),
  },
  {
    name: 'suggest',
    term: 'suggest [options] <principal>',
    summary: "a least-privilege policy from the principal's actual usage, as a diff against today's policies (or JSON)",
    load: () => import('./suggest.js'),
  },
  {
    name: 'history',
    term: 'history [options] [finding]',
    summary: "list recorded scans (newest first), or with a finding id: the finding's lifecycle and audit trail",
    load: () => import('./history.js'),
  },
  {
    name: 'mute',
    term: 'mute [options] <finding>',
    summary: 'accept a recorded finding for N days: it leaves digests, reports and --fail-on until then (audited)',
    load: () => import('./mute.js'),
  },
  {
    name: 'unmute',
    term: 'unmute [options] <finding>',
    summary: 'lift a mute before it runs out (audited)',
    load: () => import('./unmute.js'),
  },
  {
    name: 'fix',
    term: 'fix',
    summary: 'Fix in AWS: plan a reversible fix for a finding, apply it (approved, verified), roll it back',
    load: () => import('./fix.js'),
  },
  {
    name: 'state',
    term: 'state',
    summary: 'inspect and repair the state file',
    load: () => import('./state.js'),
  },
  {
    name: 'schedule',
    term: 'schedule [options]',
    summary: 'run the scans of the config file on their cron schedules and print each digest; stops on SIGTERM',
    load: () => import('./schedule.js'),
  },
  {
    name: 'workflows',
    term: 'workflows',
    summary: 'automated workflows from the config file: list them, see their runs, dry-run one',
    load: () => import('./workflows.js'),
  },
  {
    name: 'collect',
    term: 'collect [options]',
    summary:
      'read live AWS accounts (IAM, credential report, EC2, Lambda, access advisor, CloudTrail) into snapshot directories',
    load: () => import('./collect.js'),
  },
  {
    name: 'serve',
    term: 'serve [options]',
    summary:
      "run the Slack app (HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set) over the config's accounts and schedules; the bundled demo account when none are configured",
    load: () => import('./serve.js'),
  },
  {
    name: 'jira',
    term: 'jira [options] <finding>',
    summary:
      'create the Jira issue of a recorded finding, or show the one it has; `jira sync` retries the requests Jira did not take',
    load: () => import('./jira.js'),
  },
];
