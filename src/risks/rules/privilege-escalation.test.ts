import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  doc,
  role,
  user,
  ADMINISTRATOR_ACCESS as ADMIN,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../../test/support/builders.js';
import { finding, flagged, scanRaw } from '../../../test/support/scan.js';

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const withProfile = (r: ReturnType<typeof role>) => ({
  ...r,
  InstanceProfileList: [
    { InstanceProfileName: r.RoleName, Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${r.RoleName}` },
  ],
});
const scan = (parts: Parameters<typeof authorizationDetails>[0], extra: Record<string, unknown> = {}) =>
  scanRaw({ authorizationDetails: authorizationDetails(parts), ...extra });

describe('privilege-escalation: taking over an EC2 instance needs an instance profile', () => {
  const takeovers = [
    ['ec2-user-data', ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances']],
    ['ec2-instance-connect', ['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances']],
    ['ssm-start-session', ['ssm:StartSession']],
    ['ssm-send-command', ['ssm:SendCommand']],
    [
      'codedeploy-deployment',
      ['codedeploy:CreateDeployment', 'codedeploy:GetDeploymentConfig', 'codedeploy:RegisterApplicationRevision'],
    ],
  ] as const;

  for (const [method, actions] of takeovers) {
    it(`${method}: an administrator role that trusts EC2 but has no instance profile is no target`, async () => {
      const result = await scan({
        users: [user('operator', { inline: { ops: doc(allow([...actions])) } })],
        roles: [role('admin', { managed: [ADMIN_ARN] })],
        policies: [ADMIN],
      });
      expect(flagged(result, 'privilege-escalation')).toEqual([]);
    });

    it(`${method}: with an instance profile the role is a target, on the assumption an instance runs with it`, async () => {
      const result = await scan({
        users: [user('operator', { inline: { ops: doc(allow([...actions])) } })],
        roles: [withProfile(role('admin', { managed: [ADMIN_ARN] }))],
        policies: [ADMIN],
      });
      const f = finding(result, 'privilege-escalation', 'operator');
      expect(f.title).toBe(
        'user operator can become administrator via role admin in 1 step (if an existing EC2 instance runs with an instance profile of role admin)',
      );
      expect(f.evidence[0]!.summary).toMatch(/^step 1: user operator → role admin: /);
    });
  }
});
