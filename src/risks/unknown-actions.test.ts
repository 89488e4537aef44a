import { describe, expect, it } from 'vitest';
import { scanReportPieces } from '../report/scan-report.js';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  doc,
  group,
  managedPolicy,
  role,
  user,
} from '../../test/support/builders.js';
import { scanRaw } from '../../test/support/scan.js';
import { UNKNOWN_ACTIONS_LISTED } from './unknown-actions.js';

const report = (result: Awaited<ReturnType<typeof scanRaw>>, format: 'text' | 'json') =>
  [...scanReportPieces(result, { format, groupBy: 'risk', ruleTitles: new Map(), filter: {} })].join('');

describe('unknown actions in a scan', () => {
  // foo:Bar: no such service; sumerian:Login: a retired service; s3:GetObjects: a misspelt (or renamed) action.
  const shared = managedPolicy('legacy', doc(allow(['foo:Bar', 's3:GetObject']), allow('sumerian:Login')));
  const awsManaged = managedPolicy('AWSOldThing', doc(allow(['s3:Get*', 'mobilehub:*'])), { aws: true });
  const parts = {
    users: [
      user('alice', { managed: [shared.Arn], inline: { typo: doc(allow('s3:GetObjects')) } }),
      user('bob', { groups: ['devs'] }),
    ],
    groups: [group('devs', { managed: [shared.Arn] })],
    roles: [
      role('old', { managed: [awsManaged.Arn] }),
      role('shouty', { inline: { caps: doc(allow('FOO:bar')) } }),
      role('fine', { inline: { ok: doc(allow('s3:GetObject')) } }),
    ],
    policies: [shared, awsManaged],
  };

  it('lists each unknown action once, with the first policy and statement naming it and how many do', async () => {
    const result = await scanRaw({ authorizationDetails: authorizationDetails(parts) });
    expect(result.unknownActions).toEqual({
      listed: [
        {
          action: 'foo:Bar',
          unknown: 'service',
          policy: `arn:aws:iam::${ACCOUNT}:policy/legacy`,
          statement: 0,
          policies: 2,
        },
        {
          action: 's3:GetObjects',
          unknown: 'action',
          policy: `inline policy typo of arn:aws:iam::${ACCOUNT}:user/alice`,
          statement: 0,
          policies: 1,
        },
        {
          action: 'sumerian:Login',
          unknown: 'service',
          policy: `arn:aws:iam::${ACCOUNT}:policy/legacy`,
          statement: 1,
          policies: 1,
        },
      ],
      more: 0,
    });
    // Not a partial scan: an action AWS does not know grants nothing there either.
    expect(result.notices.filter((n) => n.message.includes('foo:Bar'))).toEqual([]);
  });

  it('says so in the text and JSON reports, and says nothing when every action is known', async () => {
    const result = await scanRaw({ authorizationDetails: authorizationDetails(parts) });
    const text = report(result, 'text');
    expect(text).toContain('Actions the AWS catalog does not know (retired, renamed or misspelt: they grant nothing)');
    expect(text).toContain(
      `  - foo:Bar (unknown service foo) in arn:aws:iam::${ACCOUNT}:policy/legacy statement #0, and 1 more policy`,
    );
    expect(text).toContain(
      `  - s3:GetObjects (unknown action) in inline policy typo of arn:aws:iam::${ACCOUNT}:user/alice statement #0`,
    );
    expect(text).not.toContain('mobilehub:* (unknown');
    expect(JSON.parse(report(result, 'json')).unknownActions.listed).toHaveLength(3);

    const clean = await scanRaw({
      authorizationDetails: authorizationDetails({
        roles: [role('fine', { inline: { ok: doc(allow('s3:GetObject')) } })],
      }),
    });
    expect(clean.unknownActions).toEqual({ listed: [], more: 0 });
    expect(report(clean, 'text')).not.toContain('does not know');
  });

  it('lists a bounded number and counts the rest', async () => {
    const actions = Array.from(
      { length: UNKNOWN_ACTIONS_LISTED + 5 },
      (_, i) => `gone${String(i).padStart(2, '0')}:Do`,
    );
    const result = await scanRaw({
      authorizationDetails: authorizationDetails({ roles: [role('many', { inline: { p: doc(allow(actions)) } })] }),
    });
    expect(result.unknownActions?.listed.map((u) => u.action)).toEqual(actions.slice(0, UNKNOWN_ACTIONS_LISTED));
    expect(result.unknownActions?.more).toBe(5);
    expect(report(result, 'text')).toContain('  - and 5 more');
  });
});
