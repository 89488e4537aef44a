export { AccessIndex } from './access-index.js';
export { can } from './can.js';
export { parseContext, type ParsedContext } from './context.js';
export { path } from './path.js';
export { whoCan, type WhoCanOptions } from './who-can.js';
export type * from './types.js';
