import { describe, expect, it } from 'vitest';
import { finding, scanInput } from '../../test/support/findings.js';
import { applyMute, applyScan, applyUnmute, currentStatus } from './lifecycle.js';
import { emptyState } from './types.js';

const admin = finding('admin-access', 'deploy', { severity: 'critical' });
const unused = finding('unused-role', 'old');
const trust = finding('open-trust', 'partner');
const cli = { id: 'alice', via: 'cli' } as const;

describe('the finding lifecycle', () => {
  it('calls the first scan of an account its baseline, not a flood of new findings', () => {
    const state = emptyState();
    const diff = applyScan(state, scanInput([admin, unused], '2026-01-01T06:00:00Z'));
    expect(diff.baseline).toBe(true);
    expect(diff.new).toEqual([]);
    expect(diff.open.map((f) => f.id)).toEqual([admin.id, unused.id]);
    expect(diff.scan.counts).toMatchObject({ total: 2, new: 0, resolved: 0 });
    expect(state.findings[admin.id]).toMatchObject({ status: 'open', firstSeen: '2026-01-01T06:00:00.000Z' });
    expect(state.audit.at(-1)).toMatchObject({ action: 'scan', detail: 'baseline: 2 findings' });
  });

  it('goes new → still open → resolved → reopened across scans', () => {
    const state = emptyState();
    applyScan(state, scanInput([admin], '2026-01-01T06:00:00Z'));

    const second = applyScan(state, scanInput([admin, unused], '2026-01-02T06:00:00Z'));
    expect(second.baseline).toBe(false);
    expect(second.new.map((f) => f.id)).toEqual([unused.id]);
    expect(second.open.map((f) => f.id)).toEqual([admin.id, unused.id]);
    expect(state.findings[admin.id]).toMatchObject({
      firstSeen: '2026-01-01T06:00:00.000Z',
      lastSeen: '2026-01-02T06:00:00.000Z',
    });

    const third = applyScan(state, scanInput([admin], '2026-01-03T06:00:00Z'));
    expect(third.resolved.map((f) => f.id)).toEqual([unused.id]);
    expect(state.findings[unused.id]).toMatchObject({ status: 'resolved', resolvedAt: '2026-01-03T06:00:00.000Z' });

    const fourth = applyScan(state, scanInput([admin, unused], '2026-01-04T06:00:00Z'));
    expect(fourth.reopened.map((f) => f.id)).toEqual([unused.id]);
    expect(fourth.new).toEqual([]);
    expect(state.findings[unused.id]).toMatchObject({ status: 'open', reopenedCount: 1 });
    expect(state.findings[unused.id]!.resolvedAt).toBeUndefined();
    expect(fourth.scan.counts).toMatchObject({ total: 2, new: 0, reopened: 1, resolved: 0 });
  });

  it('keeps a finding open when the scan could not see it (a gap is never a fix)', () => {
    const state = emptyState();
    applyScan(state, scanInput([admin, unused], '2026-01-01T06:00:00Z'));
    const diff = applyScan(
      state,
      scanInput([admin], '2026-01-02T06:00:00Z', { couldSee: (record) => record.ruleId !== 'unused-role' }),
    );
    expect(diff.resolved).toEqual([]);
    expect(diff.unverified.map((f) => f.id)).toEqual([unused.id]);
    expect(state.findings[unused.id]).toMatchObject({ status: 'open', lastSeen: '2026-01-01T06:00:00.000Z' });
  });

  it('only resolves findings of the account that was scanned', () => {
    const state = emptyState();
    const elsewhere = finding('admin-access', 'deploy', { accountId: '210987654321' });
    applyScan(state, scanInput([elsewhere], '2026-01-01T06:00:00Z'));
    applyScan(state, scanInput([admin], '2026-01-01T07:00:00Z'));
    const diff = applyScan(state, scanInput([unused], '2026-01-02T06:00:00Z'));
    expect(diff.resolved.map((f) => f.id)).toEqual([admin.id]);
    expect(state.findings[elsewhere.id]!.status).toBe('open');
  });

  it('updates severity and title when the same risk changes', () => {
    const state = emptyState();
    applyScan(state, scanInput([admin], '2026-01-01T06:00:00Z'));
    applyScan(state, scanInput([{ ...admin, severity: 'high', title: 'capped now' }], '2026-01-02T06:00:00Z'));
    expect(state.findings[admin.id]).toMatchObject({ severity: 'high', title: 'capped now' });
  });
});

describe('mutes', () => {
  it('hide a finding until they run out, then it counts again and the expiry is audited', () => {
    const state = emptyState();
    applyScan(state, scanInput([admin, trust], '2026-01-01T06:00:00Z'));
    applyMute(state, {
      findingId: trust.id,
      by: cli,
      reason: 'partner vetted',
      until: new Date('2026-01-10T00:00:00Z'),
      now: new Date('2026-01-01T07:00:00Z'),
    });
    expect(state.findings[trust.id]!.status).toBe('muted');

    const during = applyScan(state, scanInput([admin, trust], '2026-01-05T06:00:00Z'));
    expect(during.muted.map((f) => f.id)).toEqual([trust.id]);
    expect(during.open.map((f) => f.id)).toEqual([admin.id]);
    expect(during.scan.counts.muted).toBe(1);
    expect(currentStatus(state.findings[trust.id]!, state, new Date('2026-01-09T23:59:59Z'))).toBe('muted');
    // Between scans, a mute that ran out already shows as open.
    expect(currentStatus(state.findings[trust.id]!, state, new Date('2026-01-10T00:00:00Z'))).toBe('open');

    const after = applyScan(state, scanInput([admin, trust], '2026-01-11T06:00:00Z'));
    expect(after.muted).toEqual([]);
    expect(after.open.map((f) => f.id)).toEqual([admin.id, trust.id]);
    expect(after.expiredMutes.map((m) => m.findingId)).toEqual([trust.id]);
    expect(state.mutes[trust.id]).toBeUndefined();
    expect(state.audit.map((a) => a.action)).toEqual(['scan', 'mute', 'scan', 'mute-expired', 'scan']);
  });

  it('still apply when a muted finding is resolved and comes back within the mute', () => {
    const state = emptyState();
    applyScan(state, scanInput([admin, trust], '2026-01-01T06:00:00Z'));
    applyMute(state, {
      findingId: trust.id,
      by: cli,
      reason: 'accepted',
      until: new Date('2026-02-01T00:00:00Z'),
      now: new Date('2026-01-01T07:00:00Z'),
    });
    applyScan(state, scanInput([admin], '2026-01-02T06:00:00Z'));
    expect(state.findings[trust.id]!.status).toBe('resolved');
    const back = applyScan(state, scanInput([admin, trust], '2026-01-03T06:00:00Z'));
    expect(back.reopened.map((f) => f.id)).toEqual([trust.id]);
    expect(back.muted.map((f) => f.id)).toEqual([trust.id]);
  });

  it('can be lifted early, and say so when there was none', () => {
    const state = emptyState();
    applyScan(state, scanInput([trust], '2026-01-01T06:00:00Z'));
    const now = new Date('2026-01-01T07:00:00Z');
    applyMute(state, { findingId: trust.id, by: cli, reason: 'r', until: new Date('2026-02-01T00:00:00Z'), now });
    expect(applyUnmute(state, trust.id, cli, now)).toBe(true);
    expect(state.findings[trust.id]!.status).toBe('open');
    expect(applyUnmute(state, trust.id, cli, now)).toBe(false);
  });
});
