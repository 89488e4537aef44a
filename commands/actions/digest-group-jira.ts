import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { filterFindings, groupFindings } from '../../src/report/group.js';
import type { MessageView } from '../../views/blocks.js';
import { ACTION_IDS, decodeGroupRef, type GroupRef } from '../../views/finding-ref.js';
import { jiraOutcomesMessage } from '../../views/jira.js';
import { noticeMessage } from '../../views/notice.js';
import { visibleFindings } from '../../src/scans/visible-findings.js';
import { describeFailure } from '../describe-failure.js';
import { createJiraIssues, JIRA_NOT_SET_UP, JIRA_SETUP_HINT, MAX_BULK_ISSUES } from '../jira-issues.js';
import { ruleTitles, type AppServices } from '../services.js';

/**
 * Create Jira issues on a digest group: one issue per finding of the group as the account's latest scan has it
 * (muted ones left out, the digest's severity filter kept), existing issues reused. The summary goes into the
 * digest's thread.
 */
export function registerDigestGroupJira(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.jiraGroup,
    async ({ ack, action, body, client, respond, logger }) => {
      await ack();
      let view: MessageView;
      try {
        view = await createForGroup(services, decodeGroupRef(action.value), body.user.id);
      } catch (e) {
        logger.error('Create Jira issues failed', e);
        const { text, hint } = describeFailure(e, 'Create Jira issues');
        view = noticeMessage(text, hint);
      }
      const channel = body.container?.channel_id as string | undefined;
      const ts = body.container?.message_ts as string | undefined;
      const blocks = view.blocks as KnownBlock[];
      if (channel && ts && !body.container?.is_ephemeral)
        await client.chat.postMessage({ channel, thread_ts: ts, text: view.text, blocks });
      else await respond({ response_type: 'ephemeral', replace_original: false, text: view.text, blocks });
    },
  );
}

async function createForGroup(services: AppServices, ref: GroupRef | undefined, userId: string): Promise<MessageView> {
  const jira = services.jira;
  if (!jira) return noticeMessage(JIRA_NOT_SET_UP, JIRA_SETUP_HINT);
  if (!ref) return noticeMessage('This button comes from a digest this version of Rightsize cannot read.');
  if (!services.scans.accounts().some((a) => a.id === ref.accountId))
    return noticeMessage(`Account ${ref.accountId} is not served by this Rightsize app any more.`);
  const scan = services.scans.latest(ref.accountId) ?? (await services.scans.scan(ref.accountId));
  const findings = filterFindings(visibleFindings(scan), { ...(ref.minSeverity && { minSeverity: ref.minSeverity }) });
  const group = groupFindings(findings, ref.groupBy, ruleTitles(services)).find((g) => g.key === ref.key);
  if (!group)
    return noticeMessage(
      'The latest scan has no open findings left in this group (resolved or muted since the digest).',
      '`/rightsize risks` lists the current findings.',
    );
  const outcomes = await createJiraIssues(
    { jira },
    group.findings.map((f) => f.id),
    userId,
  );
  const view = jiraOutcomesMessage(outcomes, `Jira issues for ${group.label}`);
  if (group.findings.length <= MAX_BULK_ISSUES) return view;
  const left = `${group.findings.length - MAX_BULK_ISSUES} more findings of this group were left out (at most ${MAX_BULK_ISSUES} at once); click again after these, or use \`/rightsize jira\`.`;
  return { text: view.text, blocks: [...view.blocks, ...noticeMessage(left).blocks] };
}
