import type { PolicyDocument, Statement } from '../iam/index.js';

/** AWS: a customer-managed policy holds at most 6,144 characters, whitespace not counted. */
export const MANAGED_POLICY_MAX_SIZE = 6144;

const VERSION = '2012-10-17';
/** `{"Version":"2012-10-17","Statement":[` … `]}` */
const DOCUMENT_OVERHEAD = JSON.stringify({ Version: VERSION, Statement: [] }).length;

/**
 * Packs statements into as few documents as fit the size limit, in order (first fit). A statement too big
 * for one document on its own is cut into several with the same Effect, Resource and Condition, each with
 * part of the Action list. Sizes add up per statement, so packing stays linear in the statements.
 */
export function packStatements(statements: readonly Statement[], maxSize = MANAGED_POLICY_MAX_SIZE): PolicyDocument[] {
  const bins: { document: PolicyDocument; size: number }[] = [];
  for (const statement of statements.flatMap((s) => cutToFit(s, maxSize))) {
    const size = statementSize(statement);
    const home = bins.find((b) => b.size + 1 + size <= maxSize);
    if (home) {
      home.document.Statement.push(statement);
      home.size += 1 + size;
    } else bins.push({ document: { Version: VERSION, Statement: [statement] }, size: DOCUMENT_OVERHEAD + size });
  }
  return bins.map((b) => b.document);
}

/** Characters of one statement in compact JSON (see policySize). */
export function statementSize(statement: Statement): number {
  return JSON.stringify(statement).length;
}

function cutToFit(statement: Statement, maxSize: number): Statement[] {
  const room = maxSize - DOCUMENT_OVERHEAD;
  if (statementSize(statement) <= room) return [statement];
  const actions = statement.Action;
  if (!actions || actions.length < 2)
    throw new RangeError(`a statement of ${statementSize(statement)} characters cannot be cut to fit ${maxSize}`);
  // The statement without actions, plus each action with its quotes and comma: an upper bound.
  const base = statementSize({ ...statement, Action: [] }) + (statement.Sid ? 3 : 0);
  const parts: Statement[] = [];
  let current: string[] = [];
  let size = base;
  for (const action of actions) {
    const add = JSON.stringify(action).length + 1;
    if (current.length > 0 && size + add > room) {
      parts.push(withActions(statement, current, parts.length));
      current = [];
      size = base;
    }
    current.push(action);
    size += add;
  }
  parts.push(withActions(statement, current, parts.length));
  return parts;
}

function withActions(statement: Statement, actions: string[], part: number): Statement {
  const copy: Statement = { ...statement, Action: actions };
  if (statement.Sid) copy.Sid = `${statement.Sid}${part + 1}`;
  return copy;
}
