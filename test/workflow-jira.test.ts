import { afterEach, describe, expect, it } from 'vitest';
import { jiraExecutor } from '../src/jira/workflow-executor.js';
import { WorkflowActionError } from '../src/errors.js';
import { ACTOR, jiraWorld, scanNow, type JiraWorld } from './support/jira-setup.js';

let world: JiraWorld | undefined;
afterEach(async () => {
  await world?.jira.stop();
  world = undefined;
});

describe("a workflow's create-jira-issue through the real Jira service", () => {
  it('creates the issue (in the project the workflow names), then reports the existing one', async () => {
    world = await jiraWorld('cloud');
    const { result } = await scanNow(world);
    const finding = result.findings.find((f) => f.ruleId === 'admin-access')!;
    const executor = jiraExecutor(world.service);

    const created = await executor.createIssueForFinding(finding.id, { requestedBy: ACTOR, project: 'PAY' });
    expect(created).toEqual({ issueKey: 'PAY-1', url: `${world.jira.url}/browse/PAY-1`, created: true });
    expect(world.jira.issue('PAY-1')!.fields).toMatchObject({ project: { key: 'PAY' } });

    const again = await executor.createIssueForFinding(finding.id, { requestedBy: ACTOR });
    expect(again).toEqual({ issueKey: 'PAY-1', url: `${world.jira.url}/browse/PAY-1`, created: false });
  });

  it('fails the step, saying the request is kept and retried, when Jira cannot take it', async () => {
    world = await jiraWorld('cloud');
    const { result } = await scanNow(world);
    const finding = result.findings.find((f) => f.ruleId === 'admin-access')!;
    world.jira.failNext(5, { status: 503, body: { errorMessages: ['maintenance'] } });

    const attempt = jiraExecutor(world.service).createIssueForFinding(finding.id, { requestedBy: ACTOR });
    await expect(attempt).rejects.toBeInstanceOf(WorkflowActionError);
    await expect(attempt).rejects.toThrow(/kept and retried/);
    expect(world.service.pending().length).toBeGreaterThan(0);
  });
});
