/**
 * A local stand-in for the AWS APIs collection calls (127.0.0.1 only), serving an account of N principals in
 * the wire formats the SDK expects: query/XML for IAM, STS and EC2, JSON for CloudTrail, REST-JSON for Lambda.
 * It answers access advisor, which moto does not implement, so the call count covers every stage.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STAND_IN_ACCOUNT = '123456789012';
export const STAND_IN_REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const policy = encodeURIComponent(
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
);

function query(action: string, result: string, ns = IAM_NS): string {
  return `<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`;
}

/** The principals: every fifth a user, the rest roles; page `marker` of GetAccountAuthorizationDetails. */
function authorizationPage(principals: number, start: number, size: number): string {
  const users: string[] = [];
  const roles: string[] = [];
  for (let i = start; i < Math.min(principals, start + size); i++) {
    const inline = `<member><PolicyName>p</PolicyName><PolicyDocument>${policy}</PolicyDocument></member>`;
    if (i % 5 === 0)
      users.push(
        `<member><UserName>user-${i}</UserName><UserId>AIDA${i}</UserId><Arn>arn:aws:iam::${STAND_IN_ACCOUNT}:user/user-${i}</Arn><Path>/</Path><CreateDate>2024-01-01T00:00:00Z</CreateDate><UserPolicyList>${inline}</UserPolicyList><GroupList/><AttachedManagedPolicies/></member>`,
      );
    else
      roles.push(
        `<member><RoleName>role-${i}</RoleName><RoleId>AROA${i}</RoleId><Arn>arn:aws:iam::${STAND_IN_ACCOUNT}:role/role-${i}</Arn><Path>/</Path><CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${policy}</AssumeRolePolicyDocument><RolePolicyList>${inline}</RolePolicyList><AttachedManagedPolicies/><InstanceProfileList/></member>`,
      );
  }
  const next = start + size;
  const truncated = next < principals;
  return query(
    'GetAccountAuthorizationDetails',
    `<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>${next}</Marker>` : ''}<UserDetailList>${users.join('')}</UserDetailList><GroupDetailList/><RoleDetailList>${roles.join('')}</RoleDetailList><Policies/>`,
  );
}

const CSV_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT_ROW = `<root_account>,arn:aws:iam::${STAND_IN_ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

function answerQuery(principals: number, params: URLSearchParams, polls: Map<string, number>): string {
  const action = params.get('Action');
  switch (action) {
    case 'GetCallerIdentity':
      return query(
        action,
        `<Arn>arn:aws:iam::${STAND_IN_ACCOUNT}:user/scanner</Arn><UserId>AIDA</UserId><Account>${STAND_IN_ACCOUNT}</Account>`,
        'https://sts.amazonaws.com/doc/2011-06-15/',
      );
    case 'ListAccountAliases':
      return query(action, '<IsTruncated>false</IsTruncated><AccountAliases/>');
    case 'GetAccountAuthorizationDetails':
      return authorizationPage(principals, Number(params.get('Marker') ?? 0), Number(params.get('MaxItems') ?? 100));
    case 'GenerateCredentialReport':
      return query(action, '<State>COMPLETE</State>');
    case 'GetCredentialReport':
      return query(
        action,
        `<Content>${Buffer.from(`${CSV_HEADER}\n${ROOT_ROW}\n`).toString('base64')}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-20T00:00:00Z</GeneratedTime>`,
      );
    case 'GenerateServiceLastAccessedDetails':
      return query(action, `<JobId>${params.get('Arn')}</JobId>`);
    case 'GetServiceLastAccessedDetails': {
      // Like IAM: the first poll finds the job still running.
      const job = params.get('JobId') ?? '';
      const n = (polls.get(job) ?? 0) + 1;
      polls.set(job, n);
      if (n === 1)
        return query(
          action,
          '<JobStatus>IN_PROGRESS</JobStatus><JobCreationDate>2026-11-20T00:00:00Z</JobCreationDate><ServicesLastAccessed/>',
        );
      return query(
        action,
        '<JobStatus>COMPLETED</JobStatus><JobType>ACTION_LEVEL</JobType><JobCreationDate>2026-11-20T00:00:00Z</JobCreationDate><JobCompletionDate>2026-11-20T00:00:05Z</JobCompletionDate><IsTruncated>false</IsTruncated><ServicesLastAccessed><member><ServiceName>Amazon S3</ServiceName><ServiceNamespace>s3</ServiceNamespace><TotalAuthenticatedEntities>0</TotalAuthenticatedEntities></member></ServicesLastAccessed>',
      );
    }
    case 'DescribeRegions':
      return `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo>${STAND_IN_REGIONS.map((r) => `<item><regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`).join('')}</regionInfo></DescribeRegionsResponse>`;
    case 'DescribeInstances':
      return '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>';
    default:
      throw new Error(`stand-in: no answer for ${action}`);
  }
}

/** Starts the stand-in for an account of `principals` users and roles; returns its URL and a stop function. */
export async function startStandIn(principals: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const polls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        const target = req.headers['x-amz-target'];
        if (typeof target === 'string' && target.endsWith('LookupEvents'))
          return res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{"Events":[]}');
        if (req.url?.startsWith('/2015-03-31/functions'))
          return res.writeHead(200, { 'content-type': 'application/json' }).end('{"Functions":[]}');
        const xml = answerQuery(principals, new URLSearchParams(body), polls);
        res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
