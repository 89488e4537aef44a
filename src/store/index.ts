export * from './types.js';
export * from './jira-records.js';
export {
  applyScan,
  currentStatus,
  isMuteActive,
  type MuteInput,
  type RecordScanInput,
  type ScanDiff,
} from './lifecycle.js';
export { findByIdOrPrefix, StateStore } from './store.js';
export { applyChannelDigest, findChannelDigest } from './channel-digests.js';
export { checkState, repairState, type StateCheck, type StateProblem, type StateRepair } from './check.js';
export {
  completeJiraRequest,
  deferJiraRequest,
  discardJiraRequest,
  enqueueJiraRequest,
  pendingCreate,
  tracksJiraIssue,
} from './jira-outbox.js';
export {
  applyInterrupted,
  applyRateLimited,
  applyWorkflowFinish,
  applyWorkflowStart,
  firedKey,
  firedKeys,
  workflowActor,
} from './workflow-runs.js';
