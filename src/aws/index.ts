export {
  accountOfRoleArn,
  describeTarget,
  parseAccountsFile,
  validateAccountTarget,
  DEFAULT_SESSION_NAME,
  type AccountTarget,
} from './account-target.js';
export { ApiCallCounter } from './api-calls.js';
export { resolveHomeRegion, type AwsClientSettings } from './clients.js';
export { collectAccount, STAGES, type CollectedAccount, type CollectOptions, type Stage } from './collect-account.js';
export { CLOUDTRAIL_CURSOR_FILE, readCloudTrailState, writeCloudTrailCursor } from './cloudtrail-cursor.js';
export { LiveSnapshotSource, liveSnapshotSources, type LiveSourceOptions } from './live-source.js';
