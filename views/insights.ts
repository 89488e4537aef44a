import { day, describeSource, describeWindow } from '../src/report/insights-report.js';
import type { ServedAccount } from '../src/scans/types.js';
import type { PrincipalInsights, ServiceInsight } from '../src/usage/insights.js';
import {
  context,
  fieldsSection,
  header,
  plain,
  section,
  type Block,
  type MessageView,
  type ModalView,
} from './blocks.js';
import { BLOCK_KIT, code, escapeMrkdwn, plural, truncate } from './limits.js';
import { shareOfCount } from './numbers.js';
import { showAllButton } from './page-query.js';
import { accountName } from './scan-summary.js';

export interface InsightsInput {
  insights: PrincipalInsights;
  account: ServedAccount;
}

const SERVICE_LINES = 20;
const HIGH_RISK_SHOWN = 15;
const LIST_MAX = 2800;

/** Provisioned vs used for one principal: totals, per service with last use, unused high-risk actions, sources. */
export function insightsBlocks({ insights: x, account }: InsightsInput): Block[] {
  const last = x.lastActivity
    ? `${day(x.lastActivity.date)} (${x.lastActivity.source})`
    : 'never, as far as the sources remember';
  const blocks: Block[] = [
    header(truncate(`Insights · ${x.principal.kind}/${x.principal.name}`, BLOCK_KIT.headerText)),
    section(`${code(x.principal.arn, 600)} in ${escapeMrkdwn(accountName(account), 250)}`),
    fieldsSection([
      `*Provisioned*\n${plural(x.provisioned.actions, 'action')} in ${plural(x.provisioned.services, 'service')}`,
      `*Used*\n${plural(x.used.actions, 'action')} (${shareOfCount(x.shareUsed.actions, x.used.actions)}) in ${plural(x.used.services, 'service')} (${shareOfCount(x.shareUsed.services, x.used.services)})`,
      `*Last used*\n${escapeMrkdwn(last, 200)}`,
      `*Window · confidence*\n${escapeMrkdwn(describeWindow(x.window), 200)} · ${x.confidence}`,
    ]),
    ...serviceBlocks(x, account),
  ];
  if (x.unusedHighRisk.length > 0) {
    const shown = x.unusedHighRisk
      .slice(0, HIGH_RISK_SHOWN)
      .map((r) => `${code(r.action, 100)} (${r.kinds.join(', ')})`);
    const more = x.unusedHighRisk.length - shown.length;
    blocks.push(
      section(
        truncate(
          `*Unused high-risk actions* (${x.unusedHighRisk.length})\n${shown.join('\n')}${more > 0 ? `\nand ${more} more` : ''}`,
          LIST_MAX,
        ),
      ),
    );
  }
  const sources =
    x.sources.length > 0 ? x.sources.map((s) => `• ${describeSource(s)}`) : ['none: no usage data for this principal'];
  blocks.push(context(escapeMrkdwn(truncate(`Sources:\n${sources.join('\n')}`, 1200), 2000)));
  if (x.notes.length > 0)
    blocks.push(
      context(escapeMrkdwn(truncate(`Notes:\n${x.notes.map((n) => `• ${n.message}`).join('\n')}`, 1200), 2000)),
    );
  blocks.push(
    context(
      `\`/rightsize suggest ${escapeMrkdwn(`${x.principal.kind}/${x.principal.name}`, 200)}\` shows the least-privilege policy this usage supports`,
    ),
  );
  return blocks;
}

/** The first services, and a button to every one when they do not all fit. */
function serviceBlocks(x: PrincipalInsights, account: ServedAccount): Block[] {
  const lines: string[] = [];
  let length = 0;
  for (const s of x.services.slice(0, SERVICE_LINES)) {
    const line = serviceLine(s);
    // Room for the "Show all" line and its button's value (the principal's ARN).
    if (length + line.length + 1 > LIST_MAX - 800) break;
    lines.push(line);
    length += line.length + 1;
  }
  const blocks: Block[] = [
    section(`*Per service* (provisioned → used · last use)\n${lines.join('\n') || 'no permissions'}`),
  ];
  const rest = x.services.length - lines.length;
  if (rest > 0) {
    const query = { kind: 'services', account: account.id, principal: x.principal.arn, page: 0 } as const;
    const button = showAllButton(`Show all ${x.services.length.toLocaleString('en-US')} services`, query);
    blocks.push(section(`and ${plural(rest, 'more service')}`, button));
  }
  return blocks;
}

/** One service of a principal: provisioned → used, last use, unused high-risk actions. */
export function serviceLine(s: ServiceInsight): string {
  const use =
    s.detail === 'unused'
      ? `unused${s.lastSeen ? ` (last ${day(s.lastSeen)})` : ''}`
      : `${s.detail === 'service-only' ? 'used, actions unknown' : `${s.usedActions.toLocaleString('en-US')} used`} · ${day(s.lastUsed)}`;
  const risky = s.unusedHighRisk > 0 ? ` · ${s.unusedHighRisk.toLocaleString('en-US')} unused high-risk` : '';
  return `${code(s.service, 60)} ${s.provisionedActions.toLocaleString('en-US')} → ${use}${risky}`;
}

export function insightsMessage(input: InsightsInput): MessageView {
  const x = input.insights;
  return {
    text: `Insights for ${x.principal.kind}/${x.principal.name}: ${x.used.actions} of ${x.provisioned.actions} actions used`,
    blocks: insightsBlocks(input),
  };
}

export function insightsModal(input: InsightsInput): ModalView {
  return { type: 'modal', title: plain('Insights'), close: plain('Close'), blocks: insightsBlocks(input) };
}
