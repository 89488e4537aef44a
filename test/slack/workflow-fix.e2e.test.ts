/**
 * A workflow applies an allow-listed fix by itself, against the moto emulator: the Slack app as `serve` composes
 * it scans a snapshot collected from moto, `finding.new` fires `apply-fix`, the real fix executor deactivates the
 * access key through the remediation role, the channel gets what changed with a Rollback button, and the button
 * (clicked by an approver through a signed request) makes the key Active again. Runs when MOTO_URL is set.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount } from '../../src/aws/index.js';
import { writeSnapshotDir } from '../../src/snapshot/index.js';
import { WORKFLOW_ACTION_IDS } from '../../views/workflow-messages.js';
import { MOTO_ACCOUNT, motoConfig, resetMoto, useMotoEnvironment } from '../aws/seed.js';
import { testCollectOptions } from '../support/aws.js';
import { holdMoto } from '../support/moto-lock.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';

const MOTO_URL = process.env.MOTO_URL;
const title = MOTO_URL
  ? `an automatic fix by a workflow against moto at ${MOTO_URL}`
  : 'an automatic fix by a workflow against moto: SKIPPED, MOTO_URL is not set';
// Scanned "200 days later": the key made now is long unused.
const NOW = new Date(Date.now() + 200 * 86_400_000);
const CONFIG = `
access:
  approvers: [U0SECLEAD]
fixes:
  roleArns: { '${MOTO_ACCOUNT}': 'arn:aws:iam::${MOTO_ACCOUNT}:role/rightsize-remediation' }
workflowSettings:
  automaticFixes: [deactivate-access-key]
workflows:
  - name: idle-keys-off
    when: finding.new
    if: { rules: [unused-access-key] }
    then: [{ action: apply-fix, notify: '#security' }]
`;

type Json = Record<string, unknown>;

describe.skipIf(!MOTO_URL)(title, () => {
  let release: () => Promise<void>;
  let restore: () => void;
  let iam: IAMClient;
  let harness: SlackAppHarness;
  let snapshotDir: string;

  const collect = async () => {
    const collected = await collectAccount(
      {},
      testCollectOptions(NOW, { skip: new Set(['access-advisor', 'cloudtrail', 'ec2', 'lambda']) }),
    );
    await writeSnapshotDir(snapshotDir, collected.files);
  };
  const keyStatus = async () =>
    (await iam.send(new ListAccessKeysCommand({ UserName: 'idle-key' }))).AccessKeyMetadata?.[0]?.Status;

  beforeAll(async () => {
    const url = MOTO_URL as string;
    release = await holdMoto(url);
    restore = useMotoEnvironment(url);
    await resetMoto(url);
    iam = new IAMClient(motoConfig(url));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'rightsize-remediation',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    snapshotDir = join(await mkdtemp(join(tmpdir(), 'rightsize-workflow-fix-')), 'snap');
    await collect();
    harness = await startSlackAppHarness({
      config: CONFIG,
      snapshotDirs: [snapshotDir],
      now: () => NOW,
      env: (api) => ({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: api.apiUrl }),
    });
    // The baseline: what the account held before the key existed.
    await harness.scans.scan(MOTO_ACCOUNT);
    await iam.send(new CreateUserCommand({ UserName: 'idle-key' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'idle-key' }));
    await collect();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
    iam?.destroy();
    restore?.();
    await release?.();
  });

  it('deactivates the new unused key, says so in the channel with Rollback, and the Rollback restores it', async () => {
    expect(await keyStatus()).toBe('Active');
    await harness.scans.scan(MOTO_ACCOUNT);
    const { api, requests, store } = harness;
    const post = await api.waitFor(
      () => api.callsOf('chat.postMessage').find((c) => c.args.channel === '#security'),
      30_000,
    );
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('Rightsize applied a fix automatically');
    expect(blocks).toMatch(/set access key \w+ of idle-key Inactive|idle-key/);
    expect(blocks).toContain('verified');
    const fixId = blocks.match(/"action_id":"workflow\.fix\.rollback","value":"([^"]+)"/)?.[1];
    expect(fixId).toMatch(/^fix-/);
    expect(await keyStatus()).toBe('Inactive');
    const recorded = await store.reload();
    const fix = recorded.fixes.find((f) => f.id === fixId)!;
    expect(fix).toMatchObject({
      status: 'verified',
      approvedBy: { id: 'workflowSettings.automaticFixes', via: 'workflow' },
    });
    // Requested by the workflow; whoever could approve a fix of the resource may roll it back.
    expect(recorded.approvals.find((a) => a.id === fix.approvalId)).toMatchObject({
      requestedBy: { id: 'workflow:idle-keys-off', via: 'workflow' },
      approvers: ['U0SECLEAD'],
      status: 'approved',
    });

    const mallory = requests.buttonClick(WORKFLOW_ACTION_IDS.rollbackFix, fixId, { user: 'U0MALLORY' });
    await mallory.send();
    const refused = await api.waitFor(() => api.responses.find((r) => r.method === `respond/${mallory.trigger}`));
    expect(JSON.stringify(refused.args)).toContain('only the resource');
    expect(await keyStatus()).toBe('Inactive');

    const lead = requests.buttonClick(WORKFLOW_ACTION_IDS.rollbackFix, fixId, { user: 'U0SECLEAD' });
    await lead.send();
    const answer = await api.waitFor(() => api.responses.find((r) => r.method === `respond/${lead.trigger}`));
    expect((answer.args as Json).text).toContain(`Rolled back fix ${fixId}`);
    expect(await keyStatus()).toBe('Active');
    expect((await store.reload()).fixes.find((f) => f.id === fixId)).toMatchObject({
      status: 'rolled-back',
      rolledBackBy: { id: 'U0SECLEAD', via: 'slack' },
    });
  });
});
