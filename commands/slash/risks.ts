import { GROUP_BY, type GroupBy } from '../../src/report/group.js';
import { RESOURCE_TYPES, SEVERITIES, type ResourceType } from '../../src/risks/types.js';
import { latestScans } from '../../src/scans/latest-scans.js';
import { riskListMessage } from '../../views/risk-list.js';
import type { OwnerFilter } from '../../src/access/types.js';
import { UsageError } from '../../src/errors.js';
import { escapeMrkdwn, mention } from '../../views/limits.js';
import { ruleTitles } from '../services.js';
import { resolveAccounts } from './accounts.js';
import { choiceValue, listValue } from './parse.js';
import type { Subcommand } from './registry.js';

export const risksSubcommand: Subcommand = {
  name: 'risks',
  usage:
    'risks [--group-by risk|resource|none] [--severity S] [--rule R] [--account A] [--type T] [--owner me|@user|team]',
  summary:
    'findings of the latest scan, grouped and filtered (severity: critical, high, medium, low; lists are comma-separated; `--owner` keeps the resources of you, a person, a user group or a team); every one a click away',
  options: {
    'group-by': { type: 'string', short: 'g' },
    severity: { type: 'string', short: 's' },
    rule: { type: 'string', short: 'r' },
    account: { type: 'string', short: 'a' },
    type: { type: 'string', short: 't' },
    owner: { type: 'string', short: 'o' },
  },
  positionals: { min: 0, max: 0, name: '' },
  prepare(input, services) {
    const groupBy: GroupBy = choiceValue(input.values['group-by'], GROUP_BY, 'group-by') ?? 'risk';
    const minSeverity = choiceValue(input.values.severity, SEVERITIES, 'severity');
    const rules = listValue(input.values.rule);
    const known = new Set(services.rules.map((r) => r.id));
    const unknownRules = (rules ?? []).filter((r) => !known.has(r));
    if (unknownRules.length > 0)
      throw new UsageError(`unknown rule ${unknownRules.join(', ')}; rules: ${[...known].join(', ')}`);
    const types = listValue(input.values.type);
    const unknownTypes = (types ?? []).filter((t) => !(RESOURCE_TYPES as readonly string[]).includes(t));
    if (unknownTypes.length > 0)
      throw new UsageError(`unknown resource type ${unknownTypes.join(', ')}; types: ${RESOURCE_TYPES.join(', ')}`);
    const accounts = resolveAccounts(services, listValue(input.values.account));
    const owner = typeof input.values.owner === 'string' ? parseOwner(input.values.owner) : undefined;
    return {
      async run(ctx) {
        const scans = await latestScans(services.scans, accounts);
        const filter = owner && (owner === 'me' ? { user: ctx.userId } : owner);
        const owned = filter && (await services.ownership.findingsOf(filter, scans));
        await ctx.respond(
          riskListMessage({
            scans,
            groupBy,
            ruleTitles: ruleTitles(services),
            filter: {
              ...(minSeverity && { minSeverity }),
              ...(rules && { rules }),
              ...(types && { resourceTypes: types as ResourceType[] }),
            },
            ...(accounts && { accounts }),
            ...(filter && {
              owner: {
                filter,
                label: ownerLabel(filter, owner === 'me', owned?.teams),
                findingIds: new Set(owned?.findings.map((f) => f.id)),
              },
            }),
          }),
        );
      },
    };
  },
};

/**
 * `--owner`: `me`, a person (`@name`, which Slack sends as `<@U…|name>`, or a `U…` id), a user group
 * (`<!subteam^S…|@name>` or `S…`), or a team as the ownership tags name it.
 */
export function parseOwner(value: string): OwnerFilter | 'me' {
  const text = value.trim();
  if (text.toLowerCase() === 'me') return 'me';
  const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? /^([UW][A-Z0-9]{2,})$/.exec(text)?.[1];
  if (user) return { user };
  const group = /^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? /^(S[A-Z0-9]{2,})$/.exec(text)?.[1];
  if (group) return { group };
  if (text.startsWith('@'))
    throw new UsageError(
      `--owner ${text}: pick the person or group from Slack's suggestions as you type @, so Slack sends who it is`,
    );
  if (!text) throw new UsageError('--owner needs me, @person, @group or a team name');
  return { team: text };
}

function ownerLabel(owner: OwnerFilter, me: boolean, teams: readonly string[] | undefined): string {
  const of =
    teams && teams.length > 0
      ? ` (team ${teams.map((t) => escapeMrkdwn(t, 100)).join(', ')})`
      : ' (no team of theirs is in the ownership map)';
  if ('user' in owner) return `${me ? 'you' : mention(owner.user)}${of}`;
  if ('group' in owner) return `${mention(owner.group)}${of}`;
  return `team ${escapeMrkdwn(owner.team, 200)}`;
}
