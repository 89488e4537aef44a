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
export { collectAccount, type CollectedAccount, type CollectOptions } from './collect-account.js';
export { STAGES, type Stage } from './stage-names.js';
export { CLOUDTRAIL_CURSOR_FILE, readCloudTrailState, writeCloudTrailCursor } from './cloudtrail-cursor.js';
export { LiveSnapshotSource, liveSnapshotSources, type LiveSourceOptions } from './live-source.js';
export { collectOrganizationSnapshot, type CollectedOrganization } from './collect-organization.js';
