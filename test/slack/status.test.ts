import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  authorizationDetails,
  doc,
  managedPolicy,
  snapshotDir,
  user,
} from '../support/builders.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';
import { pageThrough } from '../support/slack-pages.js';

type Json = Record<string, unknown>;
const texts = (value: unknown): string => JSON.stringify(value);

/** 22 users with a broken inline policy, one whose message carries mrkdwn, a stale broken version, a missing policy. */
async function brokenPolicies(): Promise<string> {
  const broken = Array.from({ length: 22 }, (_, i) =>
    user(`dev-${String(i).padStart(2, '0')}`, {
      inline: { odd: doc({ Effect: 'Maybe', Action: 's3:*', Resource: '*' }) },
    }),
  );
  const reports = managedPolicy('reports', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
  reports.PolicyVersionList.push({
    Document: doc({ Effect: 'Perhaps', Action: 's3:*', Resource: '*' }),
    VersionId: 'v2',
    IsDefaultVersion: false,
    CreateDate: '2023-01-01T00:00:00Z',
  });
  return snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: [
        ...broken,
        user('mallory', { inline: { sly: doc({ Effect: '<!channel> *Allow*', Action: 's3:*', Resource: '*' }) } }),
        user('admin', { managed: [ADMINISTRATOR_ACCESS_ARN, `arn:aws:iam::${ACCOUNT}:policy/gone`, reports.Arn] }),
      ],
      policies: [ADMINISTRATOR_ACCESS, reports],
    }),
  });
}

let h: SlackAppHarness;

beforeAll(async () => {
  h = await startSlackAppHarness({ snapshotDirs: [await brokenPolicies()] });
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  // Every message and modal the app sent must have been acceptable to Slack.
  expect(h.api.problems).toEqual([]);
});

describe('/rightsize status with policy problems', () => {
  it('offers Show policy problems, whose pages list every problem with its subject, message and JSON path', async () => {
    const scan = await h.scans.scan(ACCOUNT);
    expect(scan.result.problems).toHaveLength(25);
    const cmd = h.requests.slashCommand('status');
    await cmd.send();
    const reply = await h.api.waitFor(
      () => h.api.responses.find((r) => r.method === `respond/${cmd.responseId}`)?.args as Json | undefined,
    );
    expect(texts(reply.blocks)).not.toContain('command line');
    const problems = (reply.blocks as Json[]).find((b) => texts(b).includes('*Policy problems*'))!;
    expect((problems.text as Json).text).toBe(
      '*Policy problems*\n25 problems (24 errors) in the policies the scan read',
    );
    const button = problems.accessory as Json;
    expect(button).toMatchObject({ action_id: 'page.show', text: { text: 'Show policy problems' } });

    const { pages, last } = await pageThrough(h, button.value as string);
    expect(pages).toHaveLength(3);
    const all = texts(pages.map((p) => p.blocks));
    expect(all.match(/• \*(Error|Warning)\*/g)).toHaveLength(25);
    for (const page of pages)
      expect(((page.blocks as Json[])[0]!.text as Json).text).toMatch(
        new RegExp(`^\\*25 policy problems\\* \\(24 errors\\) · ${ACCOUNT} \\(scan of <!date\\^`),
      );
    // Each of the 22 broken inline policies, by principal and policy, with the path that holds the error.
    for (let i = 0; i < 22; i++)
      expect(all).toContain(
        `• *Error* · \`arn:aws:iam::${ACCOUNT}:user/dev-${String(i).padStart(2, '0')} inline policy odd\`\\n   Effect must be \\"Allow\\" or \\"Deny\\", got \\"Maybe\\"\\n   \`authorization-details.json\` \`$.UserDetailList[${i}].UserPolicyList[0].PolicyDocument.Statement[0].Effect\``,
      );
    // What came from the snapshot is escaped: no channel ping, no bold.
    expect(all).toContain('got \\"&lt;!channel&gt; *Allow*\\"');
    expect(all).not.toContain('<!channel>');
    expect(all).toContain(
      `user/admin has the managed policy arn:aws:iam::${ACCOUNT}:policy/gone, which is not in the snapshot`,
    );

    // The last page: errors come first, so the stale version's warning closes the list; no Next.
    const lastText = texts(last.blocks);
    expect(lastText).toContain('Page 3 of 3');
    expect(lastText).toContain(
      `• *Warning* · \`arn:aws:iam::${ACCOUNT}:policy/reports version v2\`\\n   Effect must be \\"Allow\\" or \\"Deny\\", got \\"Perhaps\\"\\n   \`authorization-details.json\` \`$.Policies[1].PolicyVersionList[1].Document.Statement[0].Effect\``,
    );
    expect(lastText).toContain('page.previous');
    expect(lastText).not.toContain('page.next');
    expect(last.title).toMatchObject({ text: 'Policy problems' });
  });
});
