/**
 * Writes examples/organization.json: the demo organisation around the demo account (acme-demo, 111122223333) and
 * the shared-services account (444455556666), as `rightsize collect --organization` would. Run with
 * `npx tsx scripts/generate-demo-organization.ts`. The SCPs cap exactly one administrator of acme-demo: user
 * alice.nguyen (AdministratorAccess through group admins), whom SCP deny-iam-for-departing-admin keeps out of IAM
 * and Organizations.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ORGANIZATION_FORMAT_VERSION, type OrganizationSnapshot } from '../src/organization/types.js';
import { ACCOUNT_ID, SHARED_SERVICES_ACCOUNT } from './generate-demo-account.js';

export const MANAGEMENT_ACCOUNT = '100000000001';
export const ORGANIZATION_ID = 'o-acme12345';
const ROOT = 'r-acme';
const WORKLOADS = 'ou-acme-workloads1';
const SHARED = 'ou-acme-shared01';
const COLLECTED_AT = '2026-11-20T09:00:00.000Z';

const document = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

export function demoOrganization(): OrganizationSnapshot {
  return {
    version: ORGANIZATION_FORMAT_VERSION,
    collectedAt: COLLECTED_AT,
    organization: {
      Id: ORGANIZATION_ID,
      Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:organization/${ORGANIZATION_ID}`,
      MasterAccountId: MANAGEMENT_ACCOUNT,
      FeatureSet: 'ALL',
    },
    roots: [
      {
        Id: ROOT,
        Name: 'Root',
        PolicyTypes: [
          { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
          { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' },
        ],
      },
    ],
    organizationalUnits: [
      { Id: WORKLOADS, Name: 'Workloads', ParentId: ROOT },
      { Id: SHARED, Name: 'Shared', ParentId: ROOT },
    ],
    accounts: [
      { Id: MANAGEMENT_ACCOUNT, Name: 'acme-management', Status: 'ACTIVE', ParentId: ROOT },
      { Id: ACCOUNT_ID, Name: 'acme-demo', Status: 'ACTIVE', ParentId: WORKLOADS },
      { Id: SHARED_SERVICES_ACCOUNT, Name: 'shared-services', Status: 'ACTIVE', ParentId: SHARED },
    ],
    policies: [
      {
        Id: 'p-FullAWSAccess',
        Name: 'FullAWSAccess',
        Type: 'SERVICE_CONTROL_POLICY',
        AwsManaged: true,
        Content: document({ Effect: 'Allow', Action: '*', Resource: '*' }),
        Targets: [ROOT, WORKLOADS, SHARED, MANAGEMENT_ACCOUNT, ACCOUNT_ID, SHARED_SERVICES_ACCOUNT],
      },
      {
        Id: 'p-guardrail01',
        Name: 'deny-leaving-and-trail-tampering',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: document({
          Sid: 'OrganisationGuardrail',
          Effect: 'Deny',
          Action: [
            'organizations:LeaveOrganization',
            'cloudtrail:StopLogging',
            'cloudtrail:DeleteTrail',
            'cloudtrail:UpdateTrail',
          ],
          Resource: '*',
        }),
        Targets: [ROOT],
      },
      {
        Id: 'p-offboard01',
        Name: 'deny-iam-for-departing-admin',
        Type: 'SERVICE_CONTROL_POLICY',
        // alice.nguyen hands over the platform: until her user is removed, it keeps its grants but may no longer
        // change identity or the organisation.
        Content: document({
          Sid: 'DepartingAdminStaysOutOfIdentity',
          Effect: 'Deny',
          Action: ['iam:*', 'organizations:*', 'account:*', 'sso:*', 'identitystore:*'],
          Resource: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/alice.nguyen' } },
        }),
        Targets: [WORKLOADS],
      },
      {
        Id: 'p-rootuser01',
        Name: 'deny-root-user',
        Type: 'SERVICE_CONTROL_POLICY',
        // Part of the guardrail (rightsize.example.yaml), but so far attached to OU Shared only: acme-demo lacks it.
        Content: document({
          Sid: 'NoRootUser',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
        }),
        Targets: [SHARED],
      },
      {
        Id: 'p-RCPFullAWSAccess',
        Name: 'RCPFullAWSAccess',
        Type: 'RESOURCE_CONTROL_POLICY',
        AwsManaged: true,
        Content: document({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
        Targets: [ROOT, WORKLOADS, SHARED, MANAGEMENT_ACCOUNT, ACCOUNT_ID, SHARED_SERVICES_ACCOUNT],
      },
    ],
    gaps: [],
  };
}

async function main(file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(demoOrganization(), null, 2)}\n`);
  console.log(`wrote ${file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  await main(process.argv[2] ?? join('examples', 'organization.json'));
