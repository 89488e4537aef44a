import { describe, expect, it } from 'vitest';
import { organizationTree } from './tree.js';
import type { OrganizationSnapshot } from './types.js';

const snapshot: OrganizationSnapshot = {
  version: 1,
  collectedAt: '2026-11-20T09:00:00Z',
  organization: { Id: 'o-abc123', MasterAccountId: '999900000000' },
  roots: [{ Id: 'r-root', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
  organizationalUnits: [
    { Id: 'ou-work', Name: 'Workloads', ParentId: 'r-root' },
    { Id: 'ou-prod', Name: 'Prod', ParentId: 'ou-work' },
  ],
  accounts: [
    { Id: '999900000000', Name: 'management', ParentId: 'r-root' },
    { Id: '111122223333', Name: 'prod', ParentId: 'ou-prod' },
  ],
  policies: [
    {
      Id: 'p-FullAWSAccess',
      Name: 'FullAWSAccess',
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: true,
      Content: '{}',
      Targets: ['r-root', 'ou-work', 'ou-prod', '111122223333'],
    },
    { Id: 'p-denyiam', Name: 'deny-iam', Type: 'SERVICE_CONTROL_POLICY', Content: '{}', Targets: ['ou-work'] },
    { Id: 'p-rcp', Name: 'rcp', Type: 'RESOURCE_CONTROL_POLICY', Content: '{}', Targets: ['r-root'] },
  ],
  gaps: [],
};

describe('organizationTree', () => {
  const tree = organizationTree(snapshot);

  it('walks an account up to the root', () => {
    expect(tree.levelsOf('111122223333').map((l) => l.id)).toEqual(['r-root', 'ou-work', 'ou-prod', '111122223333']);
    expect(tree.ouPathOf('111122223333')).toBe('Root/Workloads/Prod');
    expect(tree.ouPathOf('999900000000')).toBe('Root');
  });

  it('knows nothing of an account outside the organisation', () => {
    expect(tree.has('444455556666')).toBe(false);
    expect(tree.levelsOf('444455556666')).toEqual([]);
    expect(tree.ouPathOf('444455556666')).toBeUndefined();
  });

  it('lists the policies of one type attached at a level', () => {
    expect(tree.policiesAt('ou-work', 'SERVICE_CONTROL_POLICY').map((p) => p.Name)).toEqual([
      'FullAWSAccess',
      'deny-iam',
    ]);
    expect(tree.policiesAt('r-root', 'RESOURCE_CONTROL_POLICY').map((p) => p.Name)).toEqual(['rcp']);
    expect(tree.policyTypeEnabled('SERVICE_CONTROL_POLICY')).toBe(true);
    expect(tree.policyTypeEnabled('RESOURCE_CONTROL_POLICY')).toBe(false);
  });

  it('stops on a parent loop instead of spinning', () => {
    const looped = organizationTree({
      ...snapshot,
      organizationalUnits: [
        { Id: 'ou-a', Name: 'A', ParentId: 'ou-b' },
        { Id: 'ou-b', Name: 'B', ParentId: 'ou-a' },
      ],
      accounts: [{ Id: '111122223333', ParentId: 'ou-a' }],
    });
    expect(looped.levelsOf('111122223333')).toEqual([]);
  });
});
