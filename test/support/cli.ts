import {
  allow,
  authorizationDetails,
  deny,
  doc,
  managedPolicy,
  role,
  snapshotDir,
  user,
  ADMINISTRATOR_ACCESS as admin,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from './builders.js';
import { main } from '../../src/cli.js';

/** Runs the CLI in-process with captured output and a fixed clock. */
export function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliAt(() => new Date('2026-11-20T12:00:00Z'), ...args);
}

/** Runs the CLI in-process with a clock a test can move on; captures its output. */
export async function runCliAt(
  now: () => Date,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'rightsize', ...args], {
    stdout: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    now,
  });
  return { code, stdout, stderr };
}

/**
 * A small account for the scan and permissions commands: a full administrator, a reader, an administrator
 * capped by a boundary, one denied by an explicit Deny, and an IAM administrator.
 */
export async function adminFixture(): Promise<string> {
  return snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: [user('root-like', { managed: [ADMIN_ARN] }), user('reader', { inline: { read: doc(allow('s3:Get*')) } })],
      roles: [
        role('capped', { managed: [ADMIN_ARN], boundary: 'arn:aws:iam::123456789012:policy/S3Only' }),
        role('denied', { managed: [ADMIN_ARN], inline: { noiam: doc(deny('iam:*')) } }),
        role('iam-admin', { inline: { iam: doc(allow('iam:*')) } }),
      ],
      policies: [admin, managedPolicy('S3Only', doc(allow('s3:*')))],
    }),
  });
}
