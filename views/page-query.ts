import type { OwnerFilter } from '../src/access/types.js';
import { GROUP_BYS, type FindingFilter, type GroupBy } from '../src/report/group.js';
import { RESOURCE_TYPES, SEVERITIES, type ResourceType, type Severity } from '../src/risks/types.js';
import type { FindingRef } from '../src/scans/types.js';
import { plain, type ButtonElement } from './blocks.js';
import { BLOCK_KIT, truncate } from './limits.js';

export type { OwnerFilter };

/**
 * What a "Show all" button pages through, in a modal: everything a list in a message had no room for. The button's
 * value and the modal's private_metadata carry it (at most 2,000 and 3,000 characters), so a click needs no memory.
 */
export type PageQuery =
  | {
      kind: 'findings';
      /** Served accounts to list (default every one). */
      accounts?: string[];
      filter: Pick<FindingFilter, 'minSeverity' | 'rules' | 'resourceTypes'>;
      groupBy: GroupBy;
      /** One group only: `groupId` of its key. */
      group?: string;
      owner?: OwnerFilter;
      page: number;
    }
  /** New, reopened and resolved findings of an account since a time (a digest's "since the last digest"). */
  | { kind: 'changes'; account: string; since: string; minSeverity?: Severity; page: number }
  /** The services of a principal's insights. */
  | { kind: 'services'; account: string; principal: string; page: number }
  /** The evidence of a finding. */
  | { kind: 'evidence'; finding: FindingRef; page: number }
  /** The policy problems of an account's latest scan (what `/rightsize status` counts). */
  | { kind: 'problems'; account: string; page: number };

/** Action ids of paging buttons: one opens the pages, the others turn them (one actions block needs distinct ids). */
export const PAGE_ACTIONS = { show: 'page.show', previous: 'page.previous', next: 'page.next' } as const;
export const PAGE_ACTION_PATTERN = /^page\.(show|previous|next)$/;
/** The modal that shows pages: a click inside it turns its page instead of opening another modal. */
export const PAGE_CALLBACK = 'page.view';

export function encodePageQuery(query: PageQuery): string {
  return JSON.stringify(compact(query));
}

/** Undefined for a value this version did not write. */
export function decodePageQuery(value: string | undefined): PageQuery | undefined {
  try {
    const raw = JSON.parse(value ?? '') as Record<string, unknown>;
    const page = typeof raw.p === 'number' && Number.isInteger(raw.p) && raw.p >= 0 ? raw.p : undefined;
    if (page === undefined) return undefined;
    switch (raw.k) {
      case 'f':
        return findingsQuery(raw, page);
      case 'c':
        if (typeof raw.a !== 'string' || typeof raw.s !== 'string') return undefined;
        if (raw.m !== undefined && !SEVERITIES.includes(raw.m as Severity)) return undefined;
        return {
          kind: 'changes',
          account: raw.a,
          since: raw.s,
          ...(raw.m !== undefined && { minSeverity: raw.m as Severity }),
          page,
        };
      case 's':
        return typeof raw.a === 'string' && typeof raw.r === 'string'
          ? { kind: 'services', account: raw.a, principal: raw.r, page }
          : undefined;
      case 'e': {
        const [f, a, t] = Array.isArray(raw.r) ? (raw.r as unknown[]) : [];
        return typeof f === 'string' && typeof a === 'string' && typeof t === 'string'
          ? { kind: 'evidence', finding: { findingId: f, accountId: a, scannedAt: t }, page }
          : undefined;
      }
      case 'pp':
        return typeof raw.a === 'string' ? { kind: 'problems', account: raw.a, page } : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** The same query at another page. */
export function atPage(query: PageQuery, page: number): PageQuery {
  return { ...query, page };
}

/**
 * A "Show all" button, or none when the query does not fit a button's value (a filter of hundreds of rules): the
 * message then says how to narrow it instead.
 */
export function showAllButton(
  text: string,
  query: PageQuery,
  actionId: string = PAGE_ACTIONS.show,
): ButtonElement | undefined {
  const value = encodePageQuery(query);
  if (value.length > BLOCK_KIT.buttonValue) return undefined;
  return { type: 'button', text: plain(truncate(text, BLOCK_KIT.buttonText)), action_id: actionId, value };
}

/**
 * A short, stable id for a group's key (a resource ARN can be 2,000 characters): 53 bits of a string hash
 * (cyrb53), base 36. Two groups of one list colliding would need billions of groups.
 */
export function groupId(key: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function compact(query: PageQuery): Record<string, unknown> {
  switch (query.kind) {
    case 'findings': {
      const { filter, owner } = query;
      return {
        k: 'f',
        ...(query.accounts && { a: query.accounts }),
        ...(filter.minSeverity && { s: filter.minSeverity }),
        ...(filter.rules?.length && { r: filter.rules }),
        ...(filter.resourceTypes?.length && { t: filter.resourceTypes }),
        g: query.groupBy,
        ...(query.group && { h: query.group }),
        ...(owner && {
          o: 'user' in owner ? ['u', owner.user] : 'group' in owner ? ['g', owner.group] : ['t', owner.team],
        }),
        p: query.page,
      };
    }
    case 'changes':
      return {
        k: 'c',
        a: query.account,
        s: query.since,
        ...(query.minSeverity && { m: query.minSeverity }),
        p: query.page,
      };
    case 'services':
      return { k: 's', a: query.account, r: query.principal, p: query.page };
    case 'evidence':
      return { k: 'e', r: [query.finding.findingId, query.finding.accountId, query.finding.scannedAt], p: query.page };
    case 'problems':
      return { k: 'pp', a: query.account, p: query.page };
  }
}

function findingsQuery(raw: Record<string, unknown>, page: number): PageQuery | undefined {
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!GROUP_BYS.includes(raw.g as GroupBy)) return undefined;
  if (raw.a !== undefined && !strings(raw.a)) return undefined;
  if (raw.r !== undefined && !strings(raw.r)) return undefined;
  if (
    raw.t !== undefined &&
    !(strings(raw.t) && (raw.t as string[]).every((t) => RESOURCE_TYPES.includes(t as ResourceType)))
  )
    return undefined;
  if (raw.s !== undefined && !SEVERITIES.includes(raw.s as Severity)) return undefined;
  if (raw.h !== undefined && typeof raw.h !== 'string') return undefined;
  const owner = ownerOf(raw.o);
  if (raw.o !== undefined && !owner) return undefined;
  return {
    kind: 'findings',
    ...(raw.a !== undefined && { accounts: raw.a as string[] }),
    filter: {
      ...(raw.s !== undefined && { minSeverity: raw.s as Severity }),
      ...(raw.r !== undefined && { rules: raw.r as string[] }),
      ...(raw.t !== undefined && { resourceTypes: raw.t as ResourceType[] }),
    },
    groupBy: raw.g as GroupBy,
    ...(raw.h !== undefined && { group: raw.h as string }),
    ...(owner && { owner }),
    page,
  };
}

function ownerOf(raw: unknown): OwnerFilter | undefined {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[1] !== 'string') return undefined;
  const [kind, id] = raw as [unknown, string];
  return kind === 'u' ? { user: id } : kind === 'g' ? { group: id } : kind === 't' ? { team: id } : undefined;
}
