import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPOSURE_LISTS_MODULE, generatedExposureListsModule } from '../../scripts/generate-exposure-lists.js';
import { loadActionCatalog } from '../iam/catalog-loader.js';
import type { ActionCatalog } from '../iam/catalog.js';
import { wildcardToRegExp } from '../iam/wildcard.js';
import { ACCOUNT, allow, authorizationDetails, doc, role, user } from '../../test/support/builders.js';
import { finding, flagged, scanRaw } from '../../test/support/scan.js';
import { CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS, RESOURCE_EXPOSURE_ACTIONS } from './action-lists.js';
import {
  CREDENTIALS_EXPOSURE_EXCLUSIONS,
  CREDENTIALS_EXPOSURE_NAME,
  NAMED_FIRST,
  RESOURCE_EXPOSURE_ADDITIONS,
  RESOURCE_EXPOSURE_EXCLUSIONS,
  credentialsExposureActions,
  resourceExposureActions,
} from './exposure-rules.js';

const scan = (parts: Parameters<typeof authorizationDetails>[0]) =>
  scanRaw({ authorizationDetails: authorizationDetails(parts) });

describe('the exposure lists (src/risks/exposure-lists.ts, the snapshot a reviewer reads)', () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await loadActionCatalog();
  });

  it('are what the reviewed rules select from the action catalog', async () => {
    // Fails after a catalog update until `npx tsx scripts/generate-exposure-lists.ts` is run and committed:
    // the diff of the committed file is the list of actions that came and went.
    expect(await readFile(EXPOSURE_LISTS_MODULE, 'utf8')).toBe(await generatedExposureListsModule());
    expect(RESOURCE_EXPOSURE_ACTIONS).toEqual(resourceExposureActions(catalog));
    expect(CREDENTIALS_EXPOSURE_ACTIONS).toEqual(credentialsExposureActions(catalog));
  });

  it('hold the resource-policy writers and credential issuers the hand lists missed', () => {
    for (const action of [
      'dynamodb:PutResourcePolicy',
      'redshift:AuthorizeSnapshotAccess',
      'lakeformation:GrantPermissions',
    ])
      expect(RESOURCE_EXPOSURE_ACTIONS).toContain(action);
    for (const action of ['appsync:CreateApiKey', 'connect:GetFederationToken', 'iam:CreateLoginProfile'])
      expect(CREDENTIALS_EXPOSURE_ACTIONS).toContain(action);
  });

  it('leave out what the exclusions name, and reads of the same services', () => {
    // iam:* is the escalation rules' domain; RevokeGrant takes access away; GetResourcePolicy only reads.
    for (const action of [
      'iam:PutRolePolicy',
      'kms:RevokeGrant',
      'dynamodb:GetResourcePolicy',
      'dynamodb:DescribeTable',
    ])
      expect(RESOURCE_EXPOSURE_ACTIONS).not.toContain(action);
    for (const action of [
      'iam:GetSSHPublicKey',
      'sts:GetSessionToken',
      'waf:GetChangeToken',
      'iam:GetAccessKeyLastUsed',
    ])
      expect(CREDENTIALS_EXPOSURE_ACTIONS).not.toContain(action);
  });

  it('file ec2:GetPasswordData under credentials exposure, not data exfiltration', () => {
    expect(CREDENTIALS_EXPOSURE_ACTIONS).toContain('ec2:GetPasswordData');
    expect(DATA_EXFILTRATION_ACTIONS).not.toContain('ec2:GetPasswordData');
  });

  it('have no dead entries: every exclusion removes something, every addition and first name is a catalog action', () => {
    const permissionsManagement = catalog.keysOf(
      catalog.withAccessLevel((level) => level.includes('Permissions management')),
    );
    const nameMatches: string[] = [];
    for (const service of catalog.services())
      for (let i = service.start; i < service.end; i++)
        if (CREDENTIALS_EXPOSURE_NAME.test(catalog.nameOf(i)))
          nameMatches.push(`${service.prefix}:${catalog.nameOf(i)}`);
    const removesNothing = (candidates: string[]) => (p: { pattern: string }) =>
      !candidates.some((key) => wildcardToRegExp(p.pattern, 'i').test(key));
    expect(RESOURCE_EXPOSURE_EXCLUSIONS.filter(removesNothing(permissionsManagement))).toEqual([]);
    expect(CREDENTIALS_EXPOSURE_EXCLUSIONS.filter(removesNothing(nameMatches))).toEqual([]);
    expect(RESOURCE_EXPOSURE_ADDITIONS.filter((a) => catalog.indexOf(a.action) === undefined)).toEqual([]);
    expect(NAMED_FIRST.resource.filter((a) => !RESOURCE_EXPOSURE_ACTIONS.includes(a))).toEqual([]);
    expect(NAMED_FIRST.credentials.filter((a) => !CREDENTIALS_EXPOSURE_ACTIONS.includes(a))).toEqual([]);
    expect([...RESOURCE_EXPOSURE_EXCLUSIONS, ...CREDENTIALS_EXPOSURE_EXCLUSIONS].filter((e) => !e.reason)).toEqual([]);
  });
});

describe('resource-exposure and credentials-exposure from the catalog lists', () => {
  it('reports dynamodb:PutResourcePolicy on *, not a Read-level DynamoDB action, not an excluded one, not one table', async () => {
    const table = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`;
    const result = await scan({
      roles: [
        role('table-sharer', { inline: { p: doc(allow('dynamodb:PutResourcePolicy')) } }),
        role('table-reader', { inline: { p: doc(allow(['dynamodb:GetResourcePolicy', 'dynamodb:DescribeTable'])) } }),
        role('grant-revoker', { inline: { p: doc(allow(['kms:RevokeGrant', 'kms:RetireGrant'])) } }),
        role('one-table', { inline: { p: doc(allow('dynamodb:PutResourcePolicy', table)) } }),
      ],
    });
    expect(flagged(result, 'resource-exposure')).toEqual(['resource-exposure table-sharer']);
    expect(finding(result, 'resource-exposure', 'table-sharer').title).toContain('(dynamodb:PutResourcePolicy)');
  });

  it('reports appsync:CreateApiKey and ec2:GetPasswordData as credentials, and an SSH public key read not', async () => {
    const result = await scan({
      users: [
        user('key-minter', { inline: { p: doc(allow('appsync:CreateApiKey')) } }),
        user('windows-admin', { inline: { p: doc(allow('ec2:GetPasswordData')) } }),
        user('key-lister', { inline: { p: doc(allow(['iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys'])) } }),
      ],
    });
    expect(flagged(result, 'credentials-exposure')).toEqual([
      'credentials-exposure key-minter',
      'credentials-exposure windows-admin',
    ]);
    expect(flagged(result, 'data-exfiltration')).toEqual([]);
  });

  it('names twelve actions in the evidence line and keeps them all in its actions', async () => {
    const result = await scan({ roles: [role('storage-admin', { inline: { p: doc(allow(['s3:*', 'kms:*'])) } })] });
    const [line] = finding(result, 'resource-exposure', 'storage-admin').evidence;
    const all = RESOURCE_EXPOSURE_ACTIONS.filter((a) => a.startsWith('s3:') || a.startsWith('kms:'));
    expect(line!.actions).toHaveLength(all.length);
    expect(line!.summary).toBe(
      `allowed on Resource "*" without conditions: ${line!.actions!.slice(0, 12).join(', ')} +${all.length - 12}`,
    );
  });

  it('names the best-known actions first in a title', async () => {
    const result = await scan({
      roles: [
        role('sharer', {
          inline: {
            p: doc(allow(['acm-pca:PutPolicy', 'ses:PutIdentityPolicy', 's3:PutBucketPolicy', 'kms:PutKeyPolicy'])),
          },
        }),
      ],
    });
    expect(finding(result, 'resource-exposure', 'sharer').title).toContain(
      '(s3:PutBucketPolicy, kms:PutKeyPolicy, acm-pca:PutPolicy +1)',
    );
  });
});
