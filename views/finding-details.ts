import type { Evidence, Finding } from '../src/risks/types.js';
import type { ResourceOwner } from '../src/access/types.js';
import type { FindingMute, FindingRef, LatestScan } from '../src/scans/types.js';
import {
  actions,
  context,
  fieldsSection,
  header,
  plain,
  section,
  type Block,
  type MessageView,
  type ModalView,
} from './blocks.js';
import { SEVERITY_EMOJI, SEVERITY_LABEL } from './finding-line.js';
import { findingButtons, type FindingAction, type FindingOffers } from './finding-actions.js';
import {
  BLOCK_KIT,
  BlockBudget,
  MESSAGE_BUDGET,
  MODAL_BUDGET,
  code,
  escapeMrkdwn,
  mention,
  plural,
  truncate,
  type SurfaceBudget,
} from './limits.js';
import { showAllButton } from './page-query.js';
import { accountName, organizationPlace, slackDate } from './scan-summary.js';

export interface FindingDetailsInput {
  finding: Finding;
  scan: Pick<LatestScan, 'account' | 'scannedAt'>;
  /** The rule's title and rationale (the "why"), from the rule catalog. */
  rule?: { title: string; rationale: string };
  isNew?: boolean;
  /** The resource's owner, from its tags and the config's ownership map. */
  owner?: ResourceOwner;
  /** Set while the finding is muted. */
  mute?: FindingMute;
  /** The buttons under the overview; default FINDING_ACTIONS. */
  actions?: readonly FindingAction[];
  /** What the app can do with the finding (fix, Jira); without it, neither button. */
  offers?: FindingOffers;
  /** The person looking may mute and unmute: without it, neither button (it would only refuse). */
  mayMute?: boolean;
  /** The finding's Jira issue, when it has one. */
  jiraIssue?: { key: string; url: string };
  /** One line on what just happened here (muted, unmuted, an issue created), above the buttons. */
  note?: string;
}

const EVIDENCE_LINE_MAX = 1200;
const EVIDENCE_ACTIONS_SHOWN = 8;

/** The Overview of a finding: what, why, evidence, severity, resource, and a console link. */
export function findingDetailsBlocks(input: FindingDetailsInput, limit: SurfaceBudget): Block[] {
  const { finding, scan, rule } = input;
  const budget = new BlockBudget(limit);
  const place = organizationPlace(scan.account);
  const fields = [
    `*Severity*\n${SEVERITY_EMOJI[finding.severity]} ${SEVERITY_LABEL[finding.severity]}${input.isNew ? ' · new' : ''}`,
    `*Rule*\n${escapeMrkdwn(rule?.title ?? finding.ruleId, 150)} (${code(finding.ruleId, 80)})`,
    `*Resource*\n${finding.resourceType} ${code(finding.resourceName, 250)}`,
    finding.accountId === scan.account.id
      ? `*Account*\n${escapeMrkdwn(accountName(scan.account), 250)}${place ? `\n${escapeMrkdwn(place, 300)}` : ''}`
      : // A cross-account finding: the principal's account, found by its organisation's pass.
        `*Account*\n${finding.accountId}${finding.ouPath ? ` · ${escapeMrkdwn(finding.ouPath, 300)}` : ''}\nfrom the ${escapeMrkdwn(accountName(scan.account), 250)}`,
  ];
  if (input.owner) fields.push(`*Owner*\n${ownerText(input.owner)}`);
  if (input.jiraIssue)
    fields.push(`*Jira*\n<${truncate(input.jiraIssue.url, 1500)}|${escapeMrkdwn(input.jiraIssue.key, 100)}>`);
  if (input.mute)
    fields.push(
      `*Muted* until ${slackDate(input.mute.until)}\nby ${mention(input.mute.by)}: ${escapeMrkdwn(input.mute.reason, 500)}`,
    );
  const head: Block[] = [
    header(truncate(finding.title, BLOCK_KIT.headerText)),
    fieldsSection(fields),
    section(`*ARN*\n${code(finding.resourceArn, 600)}`),
  ];
  if (rule) head.push(section(`*Why it matters*\n${escapeMrkdwn(rule.rationale, 1200)}`));
  if (finding.relatedArns?.length)
    head.push(
      section(
        `*Through*\n${truncate(
          finding.relatedArns
            .slice(0, 10)
            .map((arn) => code(arn, 200))
            .join('\n'),
          1000,
        )}${finding.relatedArns.length > 10 ? `\nand ${finding.relatedArns.length - 10} more` : ''}`,
      ),
    );
  const ref = { findingId: finding.id, accountId: scan.account.id, scannedAt: scan.scannedAt };
  const buttons = findingButtons(
    {
      finding,
      ref,
      ...(input.offers && { offers: input.offers }),
      ...(input.mayMute && { mayMute: true }),
      ...(input.mute && { muted: true }),
      ...(input.jiraIssue && { jiraIssue: input.jiraIssue }),
    },
    input.actions,
  );
  const tail: Block[] = [
    section(`*Remediation*\n${escapeMrkdwn(finding.remediation.summary, 1200)}`),
    ...(input.note ? [context(input.note)] : []),
    ...(buttons.length > 0 ? [actions(...buttons)] : []),
    context(`Finding ${code(finding.id)} · scan of ${slackDate(scan.scannedAt)}`),
  ];
  budget.take(...head, ...tail);
  return [...head, ...evidenceBlocks(finding.evidence, ref, budget), ...tail];
}

/** Evidence lines packed into sections as long as the surface has room; the rest a click away. */
function evidenceBlocks(items: readonly Evidence[], ref: FindingRef, budget: BlockBudget): Block[] {
  const evidence = evidenceLines(items);
  if (evidence.length === 0) return [];
  const blocks: Block[] = [];
  const spare = section('x'.repeat(120), showAllButton('Show all', { kind: 'evidence', finding: ref, page: 0 }));
  let text = `*Evidence* (${evidence.length.toLocaleString('en-US')})`;
  let used = 0;
  for (const item of evidence) {
    const line = `• ${item}`;
    const candidate = `${text}\n${line}`;
    if (candidate.length <= BLOCK_KIT.sectionText - 100 && budget.fits(...blocks, section(candidate), spare)) {
      text = candidate;
      used++;
      continue;
    }
    if (!budget.fits(...blocks, section(text), section(line), spare)) break;
    blocks.push(section(text));
    text = line;
    used++;
  }
  blocks.push(section(text));
  const left = evidence.length - used;
  if (left > 0)
    blocks.push(
      section(
        `and ${plural(left, 'more evidence item')}`,
        showAllButton(`Show all ${evidence.length.toLocaleString('en-US')}`, {
          kind: 'evidence',
          finding: ref,
          page: 0,
        }),
      ),
    );
  budget.take(...blocks);
  return blocks;
}

/** One evidence item: what it says (policy text in code spans), and where, when it does not say so itself. */
/**
 * The evidence as lines, each said once: per-action items that quote the same statement ("`lambda:CreateFunction`:
 * … Allow Action lambda:CreateFunction, lambda:InvokeFunction …", the same for InvokeFunction) become one line.
 */
export function evidenceLines(evidence: readonly Evidence[]): string[] {
  return [...new Set(evidence.map(evidenceLine))];
}

export function evidenceLine(item: Evidence): string {
  // "iam:PassRole: inline policy p, statement #1: Allow Action iam:PassRole on *" names the action twice.
  const lead = /^([\w-]+:[\w*?-]+): /.exec(item.summary);
  const e =
    lead && item.summary.slice(lead[0].length).includes(lead[1]!)
      ? { ...item, summary: item.summary.slice(lead[0].length) }
      : item;
  const where: string[] = [];
  const says = (text: string | undefined) => text !== undefined && e.summary.includes(text);
  const policy = e.policyName ?? e.policyArn;
  if (e.target && !says(e.target)) where.push(`target ${code(e.target, 200)}`);
  if (policy && !says(policy)) where.push(`policy ${code(policy, 200)}`);
  if (e.statementIndex !== undefined && !/statement /.test(e.summary))
    where.push(`statement ${e.sid ? code(e.sid, 100) : `#${e.statementIndex}`}`);
  if (e.viaGroup && !says(e.viaGroup)) where.push(`via group ${code(e.viaGroup, 200)}`);
  const unsaid = (e.actions ?? []).filter((a) => !says(a));
  // A summary that lists actions and cuts them ("… (+3)") has said them; list only what it leaves unnamed.
  if (unsaid.length > 0 && !/…\s*\(\+\d+\)/.test(e.summary))
    where.push(
      `${unsaid
        .slice(0, EVIDENCE_ACTIONS_SHOWN)
        .map((a) => code(a, 80))
        .join(
          ', ',
        )}${unsaid.length > EVIDENCE_ACTIONS_SHOWN ? ` and ${unsaid.length - EVIDENCE_ACTIONS_SHOWN} more` : ''}`,
    );
  const line = `${policyText(e.summary)}${where.length > 0 ? ` (${where.join(' · ')})` : ''}`;
  return truncate(line, EVIDENCE_LINE_MAX);
}

/**
 * Free text about policies with its policy words in code spans: actions (`iam:PassRole`, `s3:Get*`), wildcards
 * and ARNs, so `*:*` is not read as bold and `*` keeps its meaning.
 */
export function policyText(text: string, max = 600): string {
  const cut = truncate(text, max);
  return cut
    .split(/(\s+)/)
    .map((word) => {
      const [, lead = '', core = '', trail = ''] = /^([("]*)(.*?)([),.;:"]*)$/.exec(word) ?? [];
      const policyWord = /^arn:|^[\w*?-]+:[\w*?/-]+$|\*/.test(core);
      return policyWord ? `${escapeMrkdwn(lead)}${code(core, 300)}${escapeMrkdwn(trail)}` : escapeMrkdwn(word);
    })
    .join('');
}

export function findingDetailsMessage(input: FindingDetailsInput): MessageView {
  return {
    text: `${SEVERITY_LABEL[input.finding.severity]}: ${truncate(input.finding.title, 200)} (${input.finding.resourceName})`,
    blocks: findingDetailsBlocks(input, MESSAGE_BUDGET),
  };
}

export function findingDetailsModal(input: FindingDetailsInput): ModalView {
  return {
    type: 'modal',
    title: plain('Finding details'),
    close: plain('Close'),
    blocks: findingDetailsBlocks(input, MODAL_BUDGET),
  };
}

function ownerText(owner: ResourceOwner): string {
  if (!owner.slack) return `${code(owner.team, 100)} (tag ${code(owner.tag, 60)}), not mapped to a Slack user or group`;
  return `${mention(owner.slack)} · team ${code(owner.team, 100)} (tag ${code(owner.tag, 60)})`;
}
