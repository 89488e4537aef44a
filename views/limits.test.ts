import { describe, expect, it } from 'vitest';
import { decodeFindingRef, encodeFindingRef } from './finding-ref.js';
import { code, escapeMrkdwn, truncate } from './limits.js';

describe('text helpers', () => {
  it('truncates to a length in UTF-16 units with an ellipsis, never splitting a character', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('🔴🔴🔴🔴', 4)).toBe('🔴…');
  });

  it('escapes within a length limit without cutting an entity', () => {
    expect(escapeMrkdwn('a<b>c', 6)).toBe('a&lt;…');
    expect(escapeMrkdwn('<<<<', 12)).toBe('&lt;&lt;…');
  });

  it('escapes the characters Slack treats as markup', () => {
    expect(escapeMrkdwn('<a & b>')).toBe('&lt;a &amp; b&gt;');
    expect(code('x`y')).toBe("`x'y`");
  });
});

describe('finding refs on buttons', () => {
  it('round-trips and refuses values it did not write', () => {
    const ref = { findingId: 'admin-access-0123456789', accountId: '111122223333', scannedAt: '2026-11-20T12:00:00Z' };
    expect(decodeFindingRef(encodeFindingRef(ref))).toEqual(ref);
    expect(decodeFindingRef(undefined)).toBeUndefined();
    expect(decodeFindingRef('admin-access-0123456789')).toBeUndefined();
    expect(decodeFindingRef('{"f":1}')).toBeUndefined();
    expect(decodeFindingRef('null')).toBeUndefined();
  });
});
