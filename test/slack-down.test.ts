/**
 * Slack down while Rightsize works on its own: a recorded scan whose workflow posts to a channel, through the real
 * @slack/web-api client, to a Slack API address nothing answers. The scan is what matters: it is recorded and the
 * command's exit code is the scan's; the post that could not be made is said on stderr and kept in the workflow
 * runs as a failed step, so nobody believes the channel was told.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../src/store/index.js';
import { adminFixture } from './support/cli.js';
import { rightsizeProcess } from './support/cli-process.js';
import { tempDir } from './support/findings.js';

/** A stack trace's frames, as Node prints them. */
const STACK_FRAME = /^\s+at .+[:(]/m;

describe('Slack cannot be reached', () => {
  it('a recorded scan is kept and exits 0; the workflow post fails, is said on stderr and recorded as failed', async () => {
    const dir = await tempDir();
    const state = join(dir, 'state.json');
    const config = join(dir, 'rightsize.json');
    await writeFile(
      config,
      JSON.stringify({
        stateFile: state,
        workflows: [{ name: 'digest', when: 'scan.finished', then: [{ action: 'post-to-channel', channel: 'C0SEC' }] }],
      }),
    );
    const env = {
      ...process.env,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      // The discard port: nothing listens, the connection is refused at once.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    };
    const { code, output } = await rightsizeProcess(
      ['--config', config, 'scan', '--snapshot', await adminFixture(), '--state', state, '--format', 'json'],
      env,
    ).exited;

    expect(code).toBe(0);
    expect(output).toMatch(
      /warning: workflow digest \(scan\.finished:[^)]+\): failed: post-to-channel: Slack could not be reached to post in C0SEC: .*fetch failed/,
    );
    expect(output).not.toMatch(STACK_FRAME);
    const recorded = (await StateStore.open(state)).data;
    expect(recorded.scans).toHaveLength(1);
    expect(recorded.workflowRuns).toMatchObject([
      { workflow: 'digest', status: 'failed', steps: [{ action: 'post-to-channel', status: 'failed' }] },
    ]);
  }, 60_000);
});
