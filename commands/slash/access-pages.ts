import type { CanAnswer, WhoCanAnswer } from '../../src/queries/index.js';
import type { AccessAnswer, CanQuery, WhoCanQuery } from '../../src/scans/access-answers.js';
import type { Via } from '../../src/queries/index.js';
import {
  canMessage,
  encodeAccessPage,
  findingsByPrincipal,
  whoCanMessage,
  type AccessView,
} from '../../views/access-queries.js';
import type { MessageView } from '../../views/blocks.js';
import type { AppServices } from '../services.js';

/**
 * `who-can` and `can` answers a page at a time: the first from the slash command, the next ones from
 * Show more (commands/actions/access-more.ts), which carries the query as words and re-asks it; the
 * account's index is kept, so a page costs one query.
 */

/** The query as Show more carries it: positionals, then the options that change the answer. */
export function whoCanWords(q: WhoCanQuery): string[] {
  return [q.action, q.resource ?? '*', q.via ?? 'all', ...(q.context ?? [])];
}

export function whoCanFromWords(words: readonly string[], accountId: string): WhoCanQuery | undefined {
  const [action, resource, via, ...context] = words;
  if (!action || !resource || !['direct', 'escalation', 'all'].includes(via ?? '')) return undefined;
  return { action, resource, via: via as Via, context, accountId };
}

export function canWords(q: CanQuery): string[] {
  return [q.principal, q.action, q.resource ?? '*', ...(q.context ?? [])];
}

export function canFromWords(words: readonly string[], accountId: string): CanQuery | undefined {
  const [principal, action, resource, ...context] = words;
  if (!principal || !action || !resource) return undefined;
  return { principal, action, resource, context, accountId };
}

function view<T>(result: AccessAnswer<T>, offset: number, more: (offset: number) => string | undefined): AccessView<T> {
  return {
    account: result.account,
    answer: result.answer,
    findings: findingsByPrincipal(result.scan.result.findings),
    scan: { accountId: result.account.id, scannedAt: result.scan.scannedAt },
    offset,
    more,
    ...(result.indexBuiltMs !== undefined && { indexBuiltMs: result.indexBuiltMs }),
  };
}

export async function whoCanPage(services: AppServices, q: WhoCanQuery, offset: number): Promise<MessageView> {
  const result: AccessAnswer<WhoCanAnswer> = await services.queries.whoCan(q);
  const args = whoCanWords(q);
  return whoCanMessage(
    view(result, offset, (next) =>
      encodeAccessPage({ kind: 'who-can', accountId: result.account.id, args, offset: next }),
    ),
  );
}

export async function canPage(services: AppServices, q: CanQuery, offset: number): Promise<MessageView> {
  const result: AccessAnswer<CanAnswer> = await services.queries.can(q);
  const args = canWords(q);
  return canMessage(
    view(result, offset, (next) => encodeAccessPage({ kind: 'can', accountId: result.account.id, args, offset: next })),
  );
}
