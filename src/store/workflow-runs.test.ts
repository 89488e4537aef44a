import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/findings.js';
import { StateStore } from './store.js';
import { applyWorkflowStart, KEPT_WORKFLOW_RUNS } from './workflow-runs.js';
import { emptyState, SCHEMA_VERSION, type WorkflowRunRecord } from './types.js';

const run = (n: number): WorkflowRunRecord => ({
  id: `r${n}`,
  workflow: 'w',
  trigger: 'finding.new',
  eventKey: `finding.new:f${n}`,
  subject: `f${n}`,
  subjectLabel: `finding ${n}`,
  accountId: '123456789012',
  startedAt: '2026-03-01T00:00:00.000Z',
  status: 'running',
  steps: [],
});

describe('workflow records in the state', () => {
  it('migrates a version-1 file by adding empty workflow collections, keeping everything else', async () => {
    const file = join(await tempDir(), 'state.json');
    const v1 = { ...emptyState(), schemaVersion: 1 } as Record<string, unknown>;
    delete v1.workflowRuns;
    delete v1.workflowFired;
    v1.audit = [{ at: '2026-01-01T00:00:00.000Z', actor: { id: 'ops', via: 'cli' }, action: 'repair', subject: 'x' }];
    await writeFile(file, JSON.stringify(v1));
    const store = await StateStore.open(file);
    expect(store.migratedFrom).toBe(1);
    expect(store.data).toMatchObject({ schemaVersion: SCHEMA_VERSION, workflowRuns: [], workflowFired: [] });
    expect(store.data.audit).toHaveLength(1);
  });

  it('keeps the latest runs and every fired key', () => {
    const state = emptyState();
    for (let n = 0; n < KEPT_WORKFLOW_RUNS + 5; n++) applyWorkflowStart(state, run(n));
    expect(state.workflowRuns).toHaveLength(KEPT_WORKFLOW_RUNS);
    expect(state.workflowRuns[0]!.id).toBe('r5');
    expect(state.workflowFired).toHaveLength(KEPT_WORKFLOW_RUNS + 5);
  });
});
