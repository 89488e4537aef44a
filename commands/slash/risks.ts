import { GROUP_BY, type GroupBy } from '../../src/report/group.js';
import { RESOURCE_TYPES, SEVERITIES, type ResourceType } from '../../src/risks/types.js';
import { latestScans } from '../../src/scans/latest-scans.js';
import { riskListMessage } from '../../views/risk-list.js';
import { UsageError } from '../../src/errors.js';
import { ruleTitles } from '../services.js';
import { resolveAccounts } from './accounts.js';
import { choiceValue, listValue } from './parse.js';
import type { Subcommand } from './registry.js';

export const risksSubcommand: Subcommand = {
  name: 'risks',
  usage: 'risks [--group-by risk|resource|none] [--severity S] [--rule R] [--account A] [--type T]',
  summary:
    'findings of the latest scan, grouped and filtered (severity: critical, high, medium, low; lists are comma-separated)',
  options: {
    'group-by': { type: 'string', short: 'g' },
    severity: { type: 'string', short: 's' },
    rule: { type: 'string', short: 'r' },
    account: { type: 'string', short: 'a' },
    type: { type: 'string', short: 't' },
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
    return {
      async run(ctx) {
        const scans = await latestScans(services.scans, accounts);
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
          }),
        );
      },
    };
  },
};
