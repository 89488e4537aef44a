import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateStore } from '../../src/store/index.js';
import { WORKFLOW_ACTION_IDS } from '../../views/workflow-messages.js';
import { StoreWorkflowDesk } from '../../src/workflows/workflow-desk.js';
import { finding, scanInput } from '../support/findings.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';
import { TestFixes, workflowHarness, type WorkflowHarness } from '../support/workflows.js';

let h: SlackAppHarness;
let wf: WorkflowHarness;
const fixes = new TestFixes({
  'unused-access-key': { kind: 'deactivate-access-key', summary: 'deactivate key 1 of ci-bot', reversible: true },
});
const key = finding('unused-access-key', 'ci-bot');

beforeAll(async () => {
  h = await startSlackAppHarness();
  // Runs recorded by a workflow engine (as `rightsize schedule` records them) in a state file the app reads.
  wf = await workflowHarness(
    `
ownership: { tagKeys: [owner], teams: { alice: { slack: U0ALICE } } }
workflowSettings: { automaticFixes: [deactivate-access-key] }
workflows:
  - name: keys
    when: finding.new
    then: [{ action: create-jira-issue }, { action: apply-fix }]
`,
    { fixes },
  );
  await wf.scan(scanInput([], '2026-03-01T09:00:00.000Z'));
  await wf.scan(scanInput([key], '2026-03-02T09:00:00.000Z', { tagsOf: () => ({ owner: 'alice' }) }));
});
afterAll(async () => {
  await h?.close();
  await wf?.close();
});

type Json = Record<string, unknown>;
const responseTo = (id: string) =>
  h.api.waitFor(() => h.api.responses.filter((r) => r.method === `respond/${id}`).at(-1)?.args);

describe('/rightsize workflows', () => {
  it('says workflows are not set up when the app has none', async () => {
    delete h.services.workflows;
    const body = (await (await h.requests.slashCommand('workflows').send()).json()) as Json;
    expect(JSON.stringify(body.blocks)).toContain('Workflows are not set up in this app.');
  });

  it('shows the latest runs, what each action did and what failed', async () => {
    h.services.workflows = new StoreWorkflowDesk(await StateStore.open(wf.stateFile), wf.config, fixes);
    const command = h.requests.slashCommand('workflows --failed');
    await command.send();
    const reply = JSON.stringify(await responseTo(command.responseId));
    expect(reply).toContain('`keys` (finding.new)');
    expect(reply).toContain(':warning: `keys` · finding.new · ');
    expect(reply).toContain('✗ create-jira-issue: not available: Jira is not configured');
    expect(reply).toContain('✓ apply-fix: applied deactivate-access-key (fix fix-1');
    expect(h.api.problems).toEqual([]);
  });

  it('answers an unknown workflow name with the names there are', async () => {
    const command = h.requests.slashCommand('workflows nope');
    await command.send();
    expect(JSON.stringify(await responseTo(command.responseId))).toContain('no workflow \\"nope\\"; workflows: keys');
  });
});

describe('Rollback on an automatic fix', () => {
  it('posted the fix to the owner with a Rollback button that rolls it back as the person who clicked', async () => {
    const dm = wf.api.callsOf('chat.postMessage').find((c) => c.args.channel === 'U0ALICE')!;
    const button = JSON.stringify(dm.args.blocks).match(/"action_id":"workflow\.fix\.rollback","value":"([^"]+)"/);
    expect(button?.[1]).toBe('fix-1');
    const click = h.requests.buttonClick(WORKFLOW_ACTION_IDS.rollbackFix, 'fix-1', { user: 'U0ALICE' });
    await click.send();
    expect(JSON.stringify(await responseTo(click.trigger))).toContain(
      'Rolled back fix fix-1: restored the state before fix-1',
    );
    expect(fixes.rolledBack).toEqual([{ fixId: 'fix-1', requestedBy: { id: 'U0ALICE', via: 'slack' } }]);
  });

  it('says plainly when fixes are not available in this app', async () => {
    h.services.workflows = new StoreWorkflowDesk(await StateStore.open(wf.stateFile), wf.config, undefined);
    const click = h.requests.buttonClick(WORKFLOW_ACTION_IDS.rollbackFix, 'fix-1');
    await click.send();
    expect(JSON.stringify(await responseTo(click.trigger))).toContain(
      'Rollback of fix fix-1 failed: cannot roll back fix fix-1: not available: fixes in AWS are not configured',
    );
    expect(fixes.rolledBack).toHaveLength(1);
  });
});
