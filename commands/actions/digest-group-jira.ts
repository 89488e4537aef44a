import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { filterFindings, groupFindings, type FindingGroup } from '../../src/report/group.js';
import type { Finding } from '../../src/risks/types.js';
import { visibleFindings } from '../../src/scans/visible-findings.js';
import type { MessageView } from '../../views/blocks.js';
import { ACTION_IDS, decodeGroupRef, type GroupRef } from '../../views/finding-ref.js';
import { digestGroupWithIssues, groupIssuesMessage, groupIssuesThereMessage } from '../../views/jira-outcomes.js';
import { noticeMessage } from '../../views/notice.js';
import { asMessage } from '../block-kit.js';
import { describeFailure } from '../describe-failure.js';
import { createJiraIssues, JIRA_NOT_SET_UP, JIRA_SETUP_HINT, MAX_BULK_ISSUES } from '../jira-issues.js';
import { ruleTitles, type AppServices } from '../services.js';

/**
 * Create Jira issues on a digest group (after Slack's confirmation dialog): one issue per finding of the group as
 * the account's latest scan has it (muted ones left out, the digest's severity filter kept), existing issues reused.
 * When issues were filed, the digest's thread says which, for which resources and who asked, and the digest shows
 * the keys; a click that files nothing new is answered privately.
 */
export function registerDigestGroupJira(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.jiraGroup,
    async ({ ack, action, body, client, respond, logger }) => {
      await ack();
      const privately = (view: MessageView) =>
        respond({ response_type: 'ephemeral', replace_original: false, ...asMessage(view) });
      let outcome: GroupOutcome;
      try {
        outcome = await createForGroup(services, decodeGroupRef(action.value), body.user.id);
      } catch (e) {
        logger.error('Create Jira issues failed', e);
        const { text, hint } = describeFailure(e, 'Create Jira issues');
        await privately(noticeMessage(text, hint));
        return;
      }
      if (outcome.kind === 'notice') {
        await privately(outcome.view);
        return;
      }
      const rows = outcome.rows;
      if (!rows.some((r) => r.outcome.outcome !== 'existing')) {
        await privately(groupIssuesThereMessage(outcome.group.label, rows));
        return;
      }
      const view = groupIssuesMessage(outcome.group.label, rows, body.user.id, outcome.leftOut);
      const channel = body.container?.channel_id as string | undefined;
      const ts = body.container?.message_ts as string | undefined;
      if (!channel || !ts || body.container?.is_ephemeral) {
        await privately(view);
        return;
      }
      await client.chat.postMessage({ channel, thread_ts: ts, ...asMessage(view), unfurl_links: false });
      // The digest itself then shows the group's keys (Slack sends the message the button is in).
      const message = body.message as { text?: string; blocks?: Record<string, unknown>[] } | undefined;
      if (message?.blocks) {
        const blocks = digestGroupWithIssues(message.blocks, action.value ?? '', rows, outcome.leftOut === 0);
        await client.chat.update({
          channel,
          ts,
          text: message.text ?? view.text,
          blocks: blocks as unknown as KnownBlock[],
        });
      }
    },
  );
}

type GroupOutcome =
  | { kind: 'notice'; view: MessageView }
  | {
      kind: 'done';
      group: FindingGroup;
      rows: { finding: Finding; outcome: Awaited<ReturnType<typeof createJiraIssues>>[number] }[];
      /** Findings of the group beyond MAX_BULK_ISSUES, for another click. */
      leftOut: number;
    };

async function createForGroup(services: AppServices, ref: GroupRef | undefined, userId: string): Promise<GroupOutcome> {
  const jira = services.jira;
  const notice = (text: string, hint?: string): GroupOutcome => ({ kind: 'notice', view: noticeMessage(text, hint) });
  if (!jira) return notice(JIRA_NOT_SET_UP, JIRA_SETUP_HINT);
  if (!ref) return notice('This button comes from a digest this version of Rightsize cannot read.');
  if (!services.scans.accounts().some((a) => a.id === ref.accountId))
    return notice(`Account ${ref.accountId} is not served by this Rightsize app any more.`);
  const scan = services.scans.latest(ref.accountId) ?? (await services.scans.scan(ref.accountId));
  const findings = filterFindings(visibleFindings(scan), { ...(ref.minSeverity && { minSeverity: ref.minSeverity }) });
  const group = groupFindings(findings, ref.groupBy, ruleTitles(services)).find((g) => g.key === ref.key);
  if (!group)
    return notice(
      'The latest scan has no open findings left in this group (resolved or muted since the digest).',
      '`/rightsize risks` lists the current findings.',
    );
  const chosen = group.findings.slice(0, MAX_BULK_ISSUES);
  const outcomes = await createJiraIssues(
    { jira },
    chosen.map((f) => f.id),
    userId,
  );
  return {
    kind: 'done',
    group,
    rows: chosen.map((finding, i) => ({ finding, outcome: outcomes[i]! })),
    leftOut: group.findings.length - chosen.length,
  };
}
