import { describe, expect, it } from 'vitest';
import { loadActionCatalog } from '../iam/catalog-loader.js';
import { highRiskActions } from './high-risk.js';

describe('high-risk actions', () => {
  it('counts every IAM write and permissions-management action as an IAM write, and no read or tagging', async () => {
    const catalog = await loadActionCatalog();
    const { kindsOf } = highRiskActions(catalog);
    const kinds = (action: string) => kindsOf(catalog.indexOf(action)!);
    // Permissions management (the catalog: "Permissions management, Write"), with or without an escalation method.
    expect(kinds('iam:PutRolePermissionsBoundary')).toContain('iam-write');
    expect(kinds('iam:DetachRolePolicy')).toContain('iam-write');
    expect(kinds('iam:AttachRolePolicy')).toEqual(expect.arrayContaining(['escalation', 'iam-write']));
    // Write.
    expect(kinds('iam:CreateRole')).toContain('iam-write');
    expect(kinds('iam:GetRole')).toEqual([]);
    expect(kinds('iam:TagRole')).toEqual([]);
  });
});
