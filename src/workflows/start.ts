import type { RightsizeConfig } from '../config/index.js';
import type { LineLogger } from '../log.js';
import type { ScanService } from '../scans/scan-service.js';
import type { StateStore } from '../store/index.js';
import { WorkflowEngine } from './engine.js';
import type { ActionExecutors } from './executors.js';

/**
 * Starts the workflow engine beside a scan service, when the config has workflows. `executors` are the
 * integrations this process has (Slack, Jira, fixes in AWS); an action whose integration is missing fails its
 * step with "not available".
 */
export async function startWorkflowEngine(
  config: RightsizeConfig,
  store: StateStore,
  scans: ScanService,
  now: () => Date,
  logger: LineLogger,
  executors: ActionExecutors,
): Promise<WorkflowEngine | undefined> {
  if (config.workflows.length === 0) return undefined;
  const engine = new WorkflowEngine({ config, store, executors, logger, now });
  engine.attach(scans);
  await engine.start();
  logger.info(
    `workflows: ${
      config.workflows
        .filter((w) => w.enabled)
        .map((w) => w.name)
        .join(', ') || 'none enabled'
    }`,
  );
  return engine;
}
