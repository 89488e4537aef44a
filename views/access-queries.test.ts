import { describe, expect, it } from 'vitest';
import type { CanAnswer, PathAnswer, PrincipalRef, WhoCanAnswer } from '../src/queries/types.js';
import type { Finding } from '../src/risks/types.js';
import { blockKitProblems } from '../test/support/block-kit.js';
import {
  canMessage,
  decodeAccessPage,
  encodeAccessPage,
  findingsByPrincipal,
  pathMessage,
  whoCanMessage,
  type AccessView,
} from './access-queries.js';

/** Oversized answers stay within Block Kit's limits, page by page, and Show more reaches every row. */
const long = (n: number) => 'x<&>*'.repeat(Math.ceil(n / 5)).slice(0, n);
const principal = (i: number): PrincipalRef => ({
  kind: 'role',
  name: `${long(300)}-${i}`,
  arn: `arn:aws:iam::111122223333:role/${long(600)}-${i}`,
});
const step = {
  from: long(400),
  to: long(400),
  title: long(900),
  actions: [{ action: long(200), resource: long(900), statement: long(2000) }],
  conditional: true,
  assumption: long(500),
};

const who: WhoCanAnswer = {
  action: long(300),
  resource: long(1500),
  context: { [long(100)]: [long(800)] },
  via: 'all',
  actionCount: 400,
  principals: 10_000,
  direct: Array.from({ length: 60 }, (_, i) => ({
    principal: principal(i),
    actions: [long(200)],
    actionCount: 300,
    statements: [long(3000), long(3000)],
    condition: 'holds in the given context' as const,
    onPart: [long(1000), long(1000)],
  })),
  conditional: Array.from({ length: 40 }, (_, i) => ({
    principal: principal(100 + i),
    actions: [long(100)],
    actionCount: 2,
    keys: [long(300), long(300)],
    statements: [long(3000)],
  })),
  escalation: Array.from({ length: 40 }, (_, i) => ({
    principal: principal(200 + i),
    reaches: long(500),
    steps: [step, step, step],
    conditional: true,
  })),
  limits: [long(2000), long(2000)],
};

const findings: Finding[] = [0, 1, 100, 200].map((i) => ({
  id: `privilege-escalation-${i}`,
  ruleId: 'privilege-escalation',
  severity: 'high',
  accountId: '111122223333',
  resourceArn: principal(i).arn,
  resourceType: 'role',
  resourceName: principal(i).name,
  title: long(900),
  evidence: [],
  remediation: { summary: '', consoleUrl: '' },
}));

function view<T>(answer: T, offset: number, args: string[] = ['iam:PassRole']): AccessView<T> {
  return {
    account: { id: '111122223333', label: long(300), source: 'test' },
    answer,
    findings: findingsByPrincipal(findings),
    scan: { accountId: '111122223333', scannedAt: '2026-11-20T12:00:00Z' },
    offset,
    more: (next) => encodeAccessPage({ kind: 'who-can', accountId: '111122223333', args, offset: next }),
    indexBuiltMs: 1234,
  };
}

describe('access query views', () => {
  it('pages a huge who-can answer within the limits until every principal was shown', () => {
    const seen = new Set<string>();
    let offset = 0;
    for (let pages = 0; pages < 200; pages++) {
      const message = whoCanMessage(view(who, offset));
      expect(blockKitProblems('message', { text: 'x', blocks: message.blocks })).toEqual([]);
      for (const b of message.blocks)
        if (b.type === 'section' && 'accessory' in b && b.accessory) seen.add(JSON.stringify(b.accessory.value));
      const more = message.blocks.find((b) => b.type === 'actions');
      if (!more) break;
      offset = decodeAccessPage((more as { elements: { value?: string }[] }).elements[0]!.value)!.offset;
    }
    expect(offset).toBeGreaterThan(100);
    // View details on every principal with a finding, none on the others.
    expect(seen.size).toBe(4);
  });

  it('drops Show more when the query is too long for a button, instead of a broken button', () => {
    const message = whoCanMessage(view(who, 0, [long(3000)]));
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(blockKitProblems('message', { text: 'x', blocks: message.blocks })).toEqual([]);
  });

  it('keeps can and path within the limits', () => {
    const decision = {
      action: long(300),
      outcome: 'conditional' as const,
      because: [long(3000), long(3000)],
      deciding: [long(100)],
      allows: [],
      denies: [],
    };
    const answer: CanAnswer = {
      principal: principal(0),
      action: long(300),
      resource: long(2000),
      context: {},
      verdict: 'partly allowed',
      counts: { actions: 40, allowed: 1, conditional: 39, denied: 0 },
      decisions: Array.from({ length: 40 }, () => decision),
      partial: Array.from({ length: 30 }, () => ({
        effect: 'Allow' as const,
        action: long(200),
        resource: long(900),
        statement: { effect: 'Allow' as const, role: 'identity' as const, policy: 'p', statement: 0, text: long(2000) },
      })),
      limits: [long(3000)],
    };
    expect(blockKitProblems('message', { text: 'x', blocks: canMessage(view(answer, 0)).blocks })).toEqual([]);
    const path: PathAnswer = {
      from: principal(0),
      to: principal(1),
      outcome: 'path',
      steps: [step, step, step, step, step, step],
      conditional: true,
      assumptions: [],
      explanation: [long(3000), long(3000)],
    };
    expect(blockKitProblems('message', { text: 'x', blocks: pathMessage(view(path, 0)).blocks })).toEqual([]);
  });
});
