import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { filterFindings, groupFindings } from '../../src/report/group.js';
import { latestScans } from '../../src/scans/latest-scans.js';
import type { LatestScan } from '../../src/scans/types.js';
import { visibleFindings } from '../../src/scans/visible-findings.js';
import type { ModalView } from '../../views/blocks.js';
import { evidenceLines } from '../../views/finding-details.js';
import { encodeFindingRef } from '../../views/finding-ref.js';
import { serviceLine } from '../../views/insights.js';
import { code, escapeMrkdwn } from '../../views/limits.js';
import { noticeModal } from '../../views/notice.js';
import {
  PAGE_ACTION_PATTERN,
  PAGE_CALLBACK,
  decodePageQuery,
  groupId,
  type PageQuery,
} from '../../views/page-query.js';
import {
  changesPage,
  evidencePage,
  findingsPage,
  problemsPage,
  servicesPage,
  type ChangedFinding,
} from '../../views/pages.js';
import { accountName, describeFilter, slackDate } from '../../views/scan-summary.js';
import { asView } from '../block-kit.js';
import { ruleTitles, type AppServices } from '../services.js';
import { clickedNoticeModal, resolveClicked } from './clicked-finding.js';
import { showModalWhile } from './modal-surface.js';

/**
 * "Show all" and its pages: a list a message had no room for (a risk list, a digest group, the Home tab, a
 * principal's services, a finding's evidence, an account's policy problems), in a modal with Previous / Next. A click in the pages turns the
 * page in place (views.update: no limit on clicks, unlike response_url); anywhere else it opens the pages.
 */
export function registerShowPage(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(PAGE_ACTION_PATTERN, async ({ ack, action, body, client, logger }) => {
    await ack();
    const query = decodePageQuery(action.value);
    const build = () => (query ? pageOf(services, query) : Promise.resolve(UNREADABLE));
    const pages = body.view?.type === 'modal' && body.view.callback_id === PAGE_CALLBACK ? body.view : undefined;
    if (pages) await client.views.update({ view_id: pages.id, hash: pages.hash, view: asView(await build()) });
    else await showModalWhile(client, body, logger, 'Show all', build);
  });
}

const UNREADABLE = noticeModal(
  'Show all',
  'This button comes from a message this version of Rightsize cannot read.',
  '`/rightsize risks` lists the current findings.',
);

/** The page a query asks for, from the latest scans as they are now. */
export async function pageOf(services: AppServices, query: PageQuery): Promise<ModalView> {
  switch (query.kind) {
    case 'findings':
      return findingsOf(services, query);
    case 'changes':
      return changesOf(services, query);
    case 'services': {
      const answer = await services.usage.insights(query.principal, query.account);
      const x = answer.insights;
      return servicesPage(
        query,
        x.services.map(serviceLine),
        `${code(`${x.principal.kind}/${x.principal.name}`, 200)} in ${escapeMrkdwn(accountName(answer.account), 200)}`,
      );
    }
    case 'evidence': {
      const clicked = await resolveClicked(services, encodeFindingRef(query.finding));
      if (clicked.kind === 'notice') return clickedNoticeModal(clicked);
      const { finding, scan } = clicked.match;
      return evidencePage(
        query,
        evidenceLines(finding.evidence),
        `${finding.resourceType} ${code(finding.resourceName, 200)} · scan of ${slackDate(scan.scannedAt)}`,
      );
    }
    case 'problems': {
      const scan = await latestOf(services, query.account, 'Policy problems');
      return 'result' in scan ? problemsPage(query, scan.result.problems, scopeOf([scan])) : scan;
    }
  }
}

async function findingsOf(services: AppServices, query: Extract<PageQuery, { kind: 'findings' }>) {
  // An organisation's id lists its pass's cross-account findings.
  const served = new Set(
    services.scans.accounts().flatMap((a) => [a.id, ...(a.organization ? [a.organization.id] : [])]),
  );
  const gone = query.accounts?.filter((a) => !served.has(a)) ?? [];
  if (gone.length > 0)
    return noticeModal('Findings', `Account ${gone.join(', ')} is not served by this Rightsize app any more.`);
  const scans = await latestScans(services.scans, query.accounts);
  let findings = scans.flatMap((scan) => filterFindings(visibleFindings(scan), query.filter).map((f) => ({ f, scan })));
  const scope: string[] = [scopeOf(scans)];
  const filter = describeFilter(query.filter);
  if (filter) scope.push(filter);
  if (query.owner) {
    const owned = await services.ownership.findingsOf(query.owner, scans);
    const ids = new Set(owned?.findings.map((f) => f.id));
    findings = findings.filter(({ f }) => ids.has(f.id));
    scope.push(`owned by ${owned ? `team ${owned.teams.join(', ')}` : 'nobody mapped'}`);
  }
  if (query.group) {
    const titles = ruleTitles(services);
    const group = groupFindings(
      findings.map(({ f }) => f),
      query.groupBy,
      titles,
    ).find((g) => groupId(g.key) === query.group);
    const ids = new Set(group?.findings.map((f) => f.id));
    findings = findings.filter(({ f }) => ids.has(f.id));
    scope.push(group ? escapeMrkdwn(group.label, 300) : 'a group with no open findings now');
  }
  return findingsPage(
    query,
    findings.map(({ f, scan }) => ({ finding: f, ref: { accountId: scan.account.id, scannedAt: scan.scannedAt } })),
    scope.join(' · '),
    ruleTitles(services),
  );
}

/** New and reopened findings of the latest scan since a time, then those resolved since, from the state's records. */
async function changesOf(services: AppServices, query: Extract<PageQuery, { kind: 'changes' }>) {
  const scan = await latestOf(services, query.account, 'Changes');
  if (!('result' in scan)) return scan;
  const records = new Map((services.history?.findingRecords(query.account) ?? []).map((r) => [r.id, r]));
  const filter = query.minSeverity ? { minSeverity: query.minSeverity } : {};
  const ref = { accountId: scan.account.id, scannedAt: scan.scannedAt };
  const changes: ChangedFinding[] = [];
  for (const finding of filterFindings(visibleFindings(scan), filter)) {
    const record = records.get(finding.id);
    if (!record) continue;
    if (record.firstSeen > query.since) changes.push({ kind: 'new', finding, ref });
    else if (record.reopenedAt && record.reopenedAt > query.since) changes.push({ kind: 'reopened', finding, ref });
  }
  for (const record of filterFindings([...records.values()], filter))
    if (
      record.status === 'resolved' &&
      record.resolvedAt &&
      record.resolvedAt > query.since &&
      record.firstSeen <= query.since
    )
      changes.push({ kind: 'resolved', finding: record, resolvedAt: record.resolvedAt });
  return changesPage(query, changes, `${scopeOf([scan])} · since ${slackDate(query.since)}`);
}

/** The account's latest scan (scanning it when there is none yet), or a notice when it is no longer served. */
async function latestOf(services: AppServices, account: string, title: string): Promise<LatestScan | ModalView> {
  if (!services.scans.accounts().some((a) => a.id === account))
    return noticeModal(title, `Account ${account} is not served by this Rightsize app any more.`);
  return services.scans.latest(account) ?? (await services.scans.scan(account));
}

function scopeOf(scans: readonly LatestScan[]): string {
  return scans
    .map((s) => `${escapeMrkdwn(accountName(s.account), 200)} (scan of ${slackDate(s.scannedAt)})`)
    .join(', ');
}
