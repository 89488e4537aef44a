import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { realEngine } from '../../test/support/catalog.js';
import { IAM_READ_APIS, IAM_WRITE_APIS } from '../remediate/types.js';
import { normalisePolicyDocument } from '../iam/index.js';

const read = async (file: string) =>
  normalisePolicyDocument(JSON.parse(await readFile(new URL(`../../deploy/${file}`, import.meta.url), 'utf8')))
    .document;
const remediation = await read('remediation-policy.json');
const scanner = await read('scanner-policy.json');

describe('deploy/remediation-policy.json', () => {
  it('allows exactly the IAM calls fixes make: their writes and the reads that check before and after', () => {
    const allowed = remediation.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action ?? []);
    expect(new Set(allowed)).toEqual(new Set([...IAM_WRITE_APIS, ...IAM_READ_APIS].map((a) => `iam:${a}`)));
    expect(allowed).toHaveLength(IAM_WRITE_APIS.length + IAM_READ_APIS.length);
  });

  it('grants no delete of users, roles, keys or policy attachments beyond the plans, and nothing outside IAM', async () => {
    const engine = await realEngine();
    const effective = engine.effectivePermissions({
      identity: [{ id: 'remediation', name: 'remediation', kind: 'inline', document: remediation }],
    });
    const keys = [...effective.allowed].map((i) => engine.catalog.action(i).key);
    expect(keys.every((k) => k.startsWith('iam:'))).toBe(true);
    for (const never of [
      'iam:DeleteAccessKey',
      'iam:DeleteRole',
      'iam:DeleteUser',
      'iam:CreateAccessKey',
      'iam:PassRole',
    ])
      expect(keys).not.toContain(never);
  });

  it('cannot change the Rightsize roles themselves', () => {
    const guard = remediation.Statement.find((s) => s.Sid === 'NeverChangeRightsizeItself');
    expect(guard?.Effect).toBe('Deny');
    expect(guard?.Resource).toEqual([
      'arn:aws:iam::*:role/rightsize-remediation',
      'arn:aws:iam::*:role/rightsize-scanner',
    ]);
    expect(guard?.NotAction?.every((a) => /^iam:(Get|List)/.test(a))).toBe(true);
  });

  it('leaves the scanning policy read-only: none of the fix calls are in it', () => {
    const scanning = scanner.Statement.flatMap((s) => s.Action ?? []);
    for (const api of IAM_WRITE_APIS) expect(scanning).not.toContain(`iam:${api}`);
  });
});
