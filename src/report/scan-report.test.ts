import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../risks/types.js';
import { renderScanReport, scanReportPieces, type ReportOptions } from './scan-report.js';

function finding(i: number): Finding {
  return {
    id: `admin-access-${i.toString(16).padStart(10, '0')}`,
    ruleId: 'admin-access',
    severity: 'critical',
    accountId: '111122223333',
    resourceArn: `arn:aws:iam::111122223333:role/role-${i}`,
    resourceType: 'role',
    resourceName: `role-${i}`,
    title: `role role-${i} is a full administrator "quoted" \\ and\nnewline`,
    evidence: [{ summary: `statement ${'x'.repeat(400)}`, actions: ['iam:*', 's3:GetObject'] }],
    remediation: { summary: 'detach it', consoleUrl: 'https://console.aws.amazon.com/iam/' },
    ...(i % 2 === 0 && { relatedArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
  };
}

function scan(findings: Finding[]): ScanResult {
  return {
    accountId: '111122223333',
    collectedAt: '2026-11-20T09:00:00.000Z',
    findings,
    notices: [{ ruleId: 'unused-role', message: 'no RoleLastUsed' }],
    gaps: [],
    problems: [],
    stats: { principals: findings.length, policies: 1, rules: 18 },
  };
}

const json: ReportOptions = { format: 'json', groupBy: 'risk', filter: {}, ruleTitles: new Map() };

describe('the JSON scan report', () => {
  it('is written in pieces of about 16 KiB that join to exactly JSON.stringify(report, null, 2)', () => {
    // ~5,000 findings of ~1 KiB of JSON each: a few mebibytes, so it must come in several pieces.
    const result = scan(Array.from({ length: 5000 }, (_, i) => finding(i)));
    const pieces = [...scanReportPieces(result, json)];
    const text = pieces.join('');
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan((1 << 14) + 2000);
    // Every piece but the last ends a line, so a writer that ends each write with a newline adds none in between.
    expect(pieces.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);
    const parsed = JSON.parse(text) as { findings: unknown[] };
    expect(parsed.findings).toHaveLength(5000);
    expect(text).toBe(JSON.stringify(parsed, null, 2));
    expect(renderScanReport(result, json)).toBe(text);
  });

  it('keeps the field order, the lifecycle and an empty findings array as before (each finding’s fields: cli/scan.test.ts)', () => {
    const lifecycle = {
      stateFile: 'state.json',
      scanId: 's1',
      baseline: true,
      new: [],
      reopened: [],
      resolved: [],
      muted: [],
      unverified: 0,
    };
    const text = renderScanReport(scan([]), { ...json, lifecycle });
    expect(text).toBe(
      JSON.stringify(
        {
          accountId: '111122223333',
          collectedAt: '2026-11-20T09:00:00.000Z',
          findings: [],
          gaps: [],
          notices: [{ ruleId: 'unused-role', message: 'no RoleLastUsed' }],
          problems: [],
          stats: { principals: 0, policies: 1, rules: 18 },
          lifecycle,
        },
        null,
        2,
      ),
    );
  });
});

describe('the text scan report', () => {
  const text: ReportOptions = { format: 'text', groupBy: 'risk', filter: {}, ruleTitles: new Map() };

  it('comes in pieces of about 16 KiB, each ending a line but the last, which has no trailing blank', () => {
    const result = scan(Array.from({ length: 2000 }, (_, i) => finding(i)));
    const pieces = [...scanReportPieces(result, text)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan((1 << 14) + 2000);
    expect(pieces.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);
    const whole = pieces.join('');
    expect(whole).toBe(whole.trimEnd());
    expect(whole).toBe(renderScanReport(result, text));
    // Every finding is listed once, in order, with the end of the report after them.
    expect(whole.match(/\(admin-access-[0-9a-f]+\)/g)).toHaveLength(2000);
    expect(whole.endsWith('  - unused-role: no RoleLastUsed')).toBe(true);
  });

  it('is one piece with nothing to trim away when there are no findings', () => {
    const pieces = [...scanReportPieces(scan([]), text)];
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toContain('No findings.');
    expect(pieces[0]).toBe(pieces[0]!.trimEnd());
  });
});
