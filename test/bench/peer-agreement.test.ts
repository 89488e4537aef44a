import { describe, expect, it } from 'vitest';
import {
  agreementTable,
  cloudsplainingEscalators,
  rightsizeVerdicts,
  type CloudsplainingResults,
} from '../../bench/peer-agreement.js';

const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;
const escalating = { PrivilegeEscalation: { findings: [{ type: 'PutUserPolicy' }] } };
const harmless = { PrivilegeEscalation: { findings: [] } };

const results: CloudsplainingResults = {
  roles: {
    r1: { arn: arn('role/putter'), inline_policies: { h1: 'putter-inline' } },
    r2: { arn: arn('role/reader'), customer_managed_policies: { p2: 'read' } },
  },
  groups: { g1: { arn: arn('group/ops'), customer_managed_policies: { p1: 'ops' } } },
  users: {
    u1: { arn: arn('user/ann'), groups: { ops: { arn: arn('group/ops'), customer_managed_policies: { p1: 'ops' } } } },
    u2: { arn: arn('user/bo') },
  },
  inline_policies: { h1: escalating },
  customer_managed_policies: { p1: { PrivilegeEscalation: { findings: [{ type: 'CreateAccessKey' }] } }, p2: harmless },
  aws_managed_policies: {},
};

describe('peer agreement', () => {
  it('flags a principal through its own policies and a user through its groups', () => {
    const flagged = cloudsplainingEscalators(results);
    expect([...flagged.keys()].sort()).toEqual([arn('group/ops'), arn('role/putter'), arn('user/ann')]);
    expect([...flagged.get(arn('user/ann'))!]).toEqual(['CreateAccessKey']);
  });

  it('takes the strongest Rightsize verdict and counts both sides per verdict', () => {
    const verdicts = rightsizeVerdicts(
      [
        { ruleId: 'privilege-escalation', resourceArn: arn('user/ann'), title: 'latent' },
        { ruleId: 'admin-access', resourceArn: arn('user/ann'), title: '' },
        { ruleId: 'permissions-management', resourceArn: arn('role/putter'), title: '' },
        { ruleId: 'privilege-escalation', resourceArn: arn('user/bo'), title: 'latent' },
        { ruleId: 'unused-user', resourceArn: arn('role/reader'), title: '' },
      ],
      (finding) => finding.title === 'latent',
    );
    expect(verdicts.get(arn('user/ann'))).toBe('administrator');
    expect(verdicts.get(arn('user/bo'))).toBe('latent');
    expect(verdicts.has(arn('role/reader'))).toBe(false);
    const table = agreementTable(cloudsplainingEscalators(results), verdicts, [
      arn('role/putter'),
      arn('role/reader'),
      arn('group/ops'),
      arn('user/ann'),
      arn('user/bo'),
    ]);
    const row = (verdict: string) => table.find((r) => r.verdict === verdict)!;
    expect(row('administrator')).toMatchObject({ flaggedByCloudsplaining: 1, notFlagged: 0 });
    expect(row('empowers others')).toMatchObject({ flaggedByCloudsplaining: 1, methods: { PutUserPolicy: 1 } });
    expect(row('latent')).toMatchObject({ flaggedByCloudsplaining: 0, notFlagged: 1 });
    expect(row('nothing')).toMatchObject({
      flaggedByCloudsplaining: 1,
      notFlagged: 1,
      methods: { CreateAccessKey: 1 },
    });
  });
});
