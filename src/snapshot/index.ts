export * from './types.js';
export { buildSnapshot, type RawSnapshot } from './build.js';
export { loadSnapshot } from './load.js';
export { AccountIndex, type Principal } from './principals.js';
export { writeSnapshotDir, type SnapshotFiles } from './save.js';
export { resourceTags, taggedResources } from './resource-tags.js';
