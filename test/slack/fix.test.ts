/**
 * The Fix in AWS approval flow through the real Bolt app and signed requests, with the local Slack API server.
 * IAM is aws-sdk-client-mock behind the real SDK client and the real remediation gateway: an in-memory pair of
 * access keys (the demo account's svc-backup), so the test sees every AWS call the flow makes — or does not make.
 */
import { readFile } from 'node:fs/promises';
import {
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IamRemediationGateway } from '../../src/aws/remediation.js';
import { demoSnapshotDir } from '../../src/snapshot/demo.js';
import type { ServedAccounts } from '../../src/scans/served-accounts.js';
import type { StateData } from '../../src/store/index.js';
import { ACTION_IDS, encodeFindingRef } from '../../views/finding-ref.js';
import { FIX_IDS, FIX_INPUT_FIELD } from '../../views/fix.js';
import { loadSnapshot } from '../../src/snapshot/index.js';
import type { LocalSlackApi } from '../support/slack-api.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';
import type { SlackRequests } from '../support/slack-requests.js';

type Json = Record<string, unknown>;
const DEMO = '111122223333';
const KEY_FINDING = 'unused-access-key-3cc49979c5';
const START = new Date('2026-11-20T12:00:00Z');
const CONFIG = `
ownership:
  teams:
    frank.mueller@acme.io: { slack: U0FRANK }
access:
  approvers: [S0SECOPS]
fixes:
  approvalExpiryHours: 4
  rollbackWindowHours: 24
`;

let harness: SlackAppHarness;
let api: LocalSlackApi;
let requests: SlackRequests;
let statePath: string;
let clock = START;
let scans: ServedAccounts;
const iamMock = mockClient(IAMClient);
const keys = [
  { AccessKeyId: 'AKIAKEYONE', Status: 'Active', CreateDate: new Date('2026-10-26T10:30:12Z'), UserName: 'svc-backup' },
  { AccessKeyId: 'AKIAKEYTWO', Status: 'Active', CreateDate: new Date('2026-07-13T10:30:12Z'), UserName: 'svc-backup' },
];

beforeAll(async () => {
  const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  // The demo account given as a snapshot directory (as `--snapshot` would): fixes are offered for it.
  harness = await startSlackAppHarness({
    config: CONFIG,
    snapshotDirs: [demoSnapshotDir()],
    now: () => clock,
    remediation: () => ({ gateway: new IamRemediationGateway(iam), close: () => undefined }),
  });
  ({ api, requests, scans } = harness);
  api.userGroups.set('S0SECOPS', ['U0BOB', 'U0ALICE']);
  statePath = harness.store.path;
  await scans.scan(DEMO);
});
afterAll(async () => {
  await harness?.close();
  iamMock.restore();
});
beforeEach(() => {
  clock = START;
  api.calls.length = 0;
  api.responses.length = 0;
  for (const key of keys) key.Status = 'Active';
  iamMock.reset();
  iamMock.on(ListAccessKeysCommand).callsFake(() => ({ AccessKeyMetadata: keys.map((k) => ({ ...k })) }));
  iamMock.on(UpdateAccessKeyCommand).callsFake((input: { AccessKeyId: string; Status: string }) => {
    keys.find((k) => k.AccessKeyId === input.AccessKeyId)!.Status = input.Status;
    return {};
  });
});
afterEach(() => {
  expect(api.problems).toEqual([]);
});

const ref = (findingId: string) => encodeFindingRef({ findingId, accountId: DEMO, scannedAt: START.toISOString() });
const text = (value: unknown) => JSON.stringify(value);
const updates = () =>
  iamMock.commandCalls(UpdateAccessKeyCommand).map((c) => `${c.args[0].input.AccessKeyId} ${c.args[0].input.Status}`);
const ephemeral = (trigger: string) =>
  api.waitFor(() => api.responses.find((r) => r.method === `respond/${trigger}`)?.args);
const state = async () => JSON.parse(await readFile(statePath, 'utf8')) as StateData;

/** Fix in AWS clicked by alice, the preview shown, Request approval submitted: the approval DM's request id. */
async function requestFix(): Promise<string> {
  expect((await requests.buttonClick(FIX_IDS.request, ref(KEY_FINDING), { fromModal: true }).send()).status).toBe(200);
  const preview = await api.waitFor(() => api.callsOf('views.update').at(-1)?.args.view as Json | undefined);
  expect(api.callsOf('views.push')).toHaveLength(1);
  const draft = preview.private_metadata as string;
  expect((await requests.viewSubmission(FIX_IDS.submit, draft, {}).send()).status).toBe(200);
  const dm = await api.waitFor(() => api.callsOf('chat.postMessage').find((c) => c.args.channel === 'U0FRANK'));
  const approve = (dm.args.blocks as Json[])
    .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
    .find((e) => e.action_id === FIX_IDS.approve);
  await api.waitFor(() => api.callsOf('chat.postMessage').find((c) => c.args.channel === 'U0ALICE'));
  return approve!.value as string;
}

describe('Fix in AWS in Slack', () => {
  it('shows the button only on findings that have a fix kind', async () => {
    await requests.buttonClick(ACTION_IDS.viewFinding, ref(KEY_FINDING)).send();
    const fixable = await api.waitFor(() => api.callsOf('views.open').at(-1)?.args.view);
    expect(text(fixable)).toContain(FIX_IDS.request);
    const other = scans.latest(DEMO)!.result.findings.find((f) => f.ruleId === 'console-without-mfa')!;
    api.calls.length = 0;
    await requests.buttonClick(ACTION_IDS.viewFinding, ref(other.id)).send();
    const plain = await api.waitFor(() => api.callsOf('views.open').at(-1)?.args.view);
    expect(text(plain)).toContain('Open in AWS console');
    expect(text(plain)).not.toContain(FIX_IDS.request);
  });

  it('shows the requester the plan and diff, DMs the owner, and touches nothing in AWS before approval', async () => {
    await requests.buttonClick(FIX_IDS.request, ref(KEY_FINDING), { fromModal: true }).send();
    const preview = await api.waitFor(() => api.callsOf('views.update').at(-1)?.args.view as Json | undefined);
    const shown = text(preview);
    expect(shown).toContain('iam:UpdateAccessKey UserName=svc-backup AccessKeyId=AKIAKEYTWO Status=Inactive');
    expect(shown).toMatch(/-\s+\\"status\\": \\"Active\\",\\n\+\s+\\"status\\": \\"Inactive\\"/);
    expect(shown).toContain('<@U0FRANK>');
    expect(preview.submit).toMatchObject({ text: 'Request approval' });
    expect(iamMock.commandCalls(ListAccessKeysCommand)).toHaveLength(1);
    await requests.viewSubmission(FIX_IDS.submit, preview.private_metadata as string, {}).send();
    const dm = await api.waitFor(() => api.callsOf('chat.postMessage').find((c) => c.args.channel === 'U0FRANK'));
    expect(text(dm.args.blocks)).toMatch(/Approve.*Reject/);
    const mine = await api.waitFor(() => api.callsOf('chat.postMessage').find((c) => c.args.channel === 'U0ALICE'));
    // Whom the requester's copy says was asked reads as mentions.
    expect(text(mine.args.blocks)).toContain('Asked: <@U0FRANK>. Each step');
    expect(updates()).toEqual([]);
    const recorded = await vi.waitFor(async () => {
      const now = await state();
      expect(now.approvals.at(-1)?.threads).toHaveLength(2);
      return now;
    });
    expect(recorded.approvals.at(-1)).toMatchObject({
      findingId: KEY_FINDING,
      status: 'pending',
      approvers: ['U0FRANK', 'S0SECOPS'],
      requestedBy: { id: 'U0ALICE', via: 'slack' },
      expiresAt: '2026-11-20T16:00:00.000Z',
    });
    expect(recorded.approvals.at(-1)?.threads?.map((t) => `${t.role} ${t.channel}`)).toEqual([
      'approver U0FRANK',
      'requester U0ALICE',
    ]);
    // Only the owner was sent the request; the fallback approvers may decide, and the audit log tells the two apart.
    const requested = recorded.audit.find((a) => a.detail?.startsWith(`${recorded.approvals.at(-1)!.id}:`));
    expect(requested?.detail).toMatch(/; asked U0FRANK; may decide: U0FRANK, S0SECOPS$/);
  });

  it('asks for the ExternalId a trust fix needs, then shows the plan with it; nothing changes in AWS', async () => {
    const trust = scans
      .latest(DEMO)!
      .result.findings.find((f) => f.ruleId === 'open-trust' && f.resourceName === 'vendor-observability-legacy')!;
    const role = (await loadSnapshot(demoSnapshotDir())).authorizationDetails.roles.find(
      (r) => r.name === 'vendor-observability-legacy',
    )!;
    iamMock.on(GetRoleCommand).resolves({
      Role: {
        RoleName: role.name,
        Arn: role.arn,
        Path: '/',
        RoleId: 'AROAEXAMPLE',
        CreateDate: new Date(),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.trustPolicy)),
      },
    });
    await requests.buttonClick(FIX_IDS.request, ref(trust.id), { fromModal: true }).send();
    const form = await api.waitFor(() => api.callsOf('views.update').at(-1)?.args.view as Json | undefined);
    expect(form.callback_id).toBe(FIX_IDS.input);
    expect(text(form)).toContain('ExternalId');
    // One "e.g." in the field's placeholder, not "e.g. …, e.g. …".
    expect(text(form)).toContain('"placeholder":{"type":"plain_text","text":"e.g. 7f3c9a1e-partner",');

    const empty = await requests.viewSubmission(FIX_IDS.input, form.private_metadata as string, {
      [FIX_INPUT_FIELD.block]: { [FIX_INPUT_FIELD.action]: '  ' },
    });
    const refused = await empty.send();
    expect((await refused.json()) as Json).toMatchObject({ response_action: 'errors' });

    api.calls.length = 0;
    const filled = requests.viewSubmission(FIX_IDS.input, form.private_metadata as string, {
      [FIX_INPUT_FIELD.block]: { [FIX_INPUT_FIELD.action]: 'vendor-7f3a' },
    });
    expect((await filled.send()).status).toBe(200);
    const preview = await api.waitFor(
      () => api.callsOf('views.update').find((c) => (c.args.view as Json).submit !== undefined)?.args.view as Json,
    );
    expect(text(preview)).toContain('vendor-7f3a');
    expect(text(preview)).toContain('sts:ExternalId');
    expect(iamMock.commandCalls(UpdateAssumeRolePolicyCommand)).toHaveLength(0);
  });

  it('does not let the wrong user approve, nor the requester approve their own fix', async () => {
    const id = await requestFix();
    const mallory = requests.buttonClick(FIX_IDS.approve, id, { user: 'U0MALLORY', channel: 'D0MALLORY' });
    await mallory.send();
    expect(text(await ephemeral(mallory.trigger))).toContain('Only <@U0FRANK>, <!subteam^S0SECOPS> may decide');
    const alice = requests.buttonClick(FIX_IDS.approve, id, { user: 'U0ALICE', channel: 'D0ALICE' });
    await alice.send();
    expect(text(await ephemeral(alice.trigger))).toContain('someone else must approve it');
    expect(updates()).toEqual([]);
    expect((await state()).approvals.find((a) => a.id === id)?.status).toBe('pending');
  });

  it('applies once on a double click, posts the result in the threads with Rollback, and rolls back', async () => {
    const id = await requestFix();
    const first = requests.buttonClick(FIX_IDS.approve, id, { user: 'U0FRANK', channel: 'D0FRANK' });
    const second = requests.buttonClick(FIX_IDS.approve, id, { user: 'U0FRANK', channel: 'D0FRANK' });
    await Promise.all([first.send(), second.send()]);
    const result = await api.waitFor(() =>
      api
        .callsOf('chat.postMessage')
        .find((c) => text(c.args.blocks).includes(FIX_IDS.rollback) && c.args.channel === 'U0FRANK'),
    );
    expect(text(result.args.blocks)).toContain('verified');
    // The approver is a mention, in the thread note and in the closed request, not the literal markup.
    await api.waitFor(() =>
      api.callsOf('chat.postMessage').find((c) => text(c.args.blocks).includes('Approved by <@U0FRANK>. Applying')),
    );
    const closed = api.callsOf('chat.update').map((c) => text(c.args.blocks));
    expect(closed.some((b) => b.includes('Approved by <@U0FRANK>'))).toBe(true);
    expect(closed.join()).not.toContain('&lt;@U0FRANK&gt;');
    expect(text(result.args.blocks)).toContain('Re-evaluated: the finding is resolved.');
    expect(result.args.thread_ts).toBeDefined();
    const again = await api.waitFor(() => api.responses.find((r) => /already/.test(text(r.args)))?.args);
    expect(text(again)).toContain('approved already');
    expect(updates()).toEqual(['AKIAKEYTWO Inactive']);
    await api.waitFor(() => api.callsOf('chat.update').find((c) => text(c.args.blocks).includes('Fix fix-')));
    const recorded = await state();
    const fix = recorded.fixes.find((f) => f.approvalId === id)!;
    expect(fix).toMatchObject({
      status: 'verified',
      approvedBy: { id: 'U0FRANK', via: 'slack' },
      previous: { type: 'access-keys' },
    });
    expect(recorded.audit.filter((a) => a.detail?.includes(id)).map((a) => a.action)).toEqual([
      'fix-request',
      'approve',
      'fix',
    ]);

    const mallory = requests.buttonClick(FIX_IDS.rollback, fix.id, { user: 'U0MALLORY', channel: 'D0MALLORY' });
    await mallory.send();
    expect(text(await ephemeral(mallory.trigger))).toContain('Only the requester or an approver');
    api.calls.length = 0;
    await requests.buttonClick(FIX_IDS.rollback, fix.id, { user: 'U0ALICE', channel: 'U0ALICE' }).send();
    await api.waitFor(
      () =>
        api.callsOf('chat.postMessage').filter((c) => text(c.args.blocks).includes('Rollback by <@U0ALICE>')).length ===
        2,
    );
    expect(updates()).toEqual(['AKIAKEYTWO Inactive', 'AKIAKEYTWO Active']);
    // Every copy of the result (the approver's and the requester's) loses Rollback, not only the one clicked.
    const copies = await api.waitFor(() => {
      const rolled = api.callsOf('chat.update').filter((c) => text(c.args.blocks).includes('rolled-back'));
      return rolled.length === 2 && rolled;
    });
    expect(copies.map((c) => c.args.channel).sort()).toEqual(['U0ALICE', 'U0FRANK']);
    for (const copy of copies) expect(text(copy.args.blocks)).not.toContain(FIX_IDS.rollback);
    expect((await state()).fixes.find((f) => f.id === fix.id)?.status).toBe('rolled-back');
  });

  it('lets a member of the fallback approvers’ user group reject', async () => {
    const id = await requestFix();
    await requests.buttonClick(FIX_IDS.reject, id, { user: 'U0BOB', channel: 'D0BOB' }).send();
    await api.waitFor(() => api.callsOf('chat.postMessage').find((c) => text(c.args).includes('Rejected by <@U0BOB>')));
    expect((await state()).approvals.find((a) => a.id === id)).toMatchObject({
      status: 'rejected',
      decidedBy: { id: 'U0BOB' },
    });
    expect(updates()).toEqual([]);
  });

  it('answers Approve, Reject and Rollback from an old DM whose request or fix the state no longer has', async () => {
    for (const action of [FIX_IDS.approve, FIX_IDS.reject, FIX_IDS.rollback]) {
      api.calls.length = 0;
      const click = requests.buttonClick(action, 'apr-from-before-a-reset', { user: 'U0FRANK', channel: 'D0FRANK' });
      expect((await click.send()).status).toBe(200);
      const answer = text(await ephemeral(click.trigger));
      expect(answer).toContain('apr-from-before-a-reset');
      expect(answer).toContain("is not in Rightsize's state any more");
      // The old message keeps no dead buttons.
      const closed = await api.waitFor(() => api.callsOf('chat.update')[0]);
      expect(closed.args).toMatchObject({ channel: 'D0FRANK', ts: '1700000000.000001' });
      expect(text(closed.args.blocks)).not.toContain(action);
    }
    expect(harness.logs.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(updates()).toEqual([]);
  });

  it('refuses an expired approval and changes nothing', async () => {
    const id = await requestFix();
    clock = new Date(START.getTime() + 5 * 3_600_000);
    const late = requests.buttonClick(FIX_IDS.approve, id, { user: 'U0FRANK', channel: 'D0FRANK' });
    await late.send();
    expect(text(await ephemeral(late.trigger))).toContain('expired at 2026-11-20T16:00:00.000Z');
    await api.waitFor(() =>
      api.callsOf('chat.update').find((c) => text(c.args.blocks).includes('Fix in AWS: expired')),
    );
    expect(updates()).toEqual([]);
    expect((await state()).approvals.find((a) => a.id === id)?.status).toBe('expired');
  });
});
