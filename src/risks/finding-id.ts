// Not an import: importing node:crypto makes its module namespace, which reads every export, and the getters of
// some load Web Crypto (~3 ms of every scan), which ids do not use.
const crypto = process.getBuiltinModule('node:crypto');

/**
 * crypto.hash (Node ≥ 20.12) gives the digest createHash would, without a Hash object per call: a scan
 * makes tens of thousands of ids. Earlier Node 20 releases fall back to createHash.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Same rule, same account, same resource (and discriminator) ⇒ same id, scan after scan. */
export function findingId(ruleId: string, accountId: string, resourceArn: string, discriminator = ''): string {
  return `${ruleId}-${sha256Hex(`${ruleId}\n${accountId}\n${resourceArn}\n${discriminator}`).slice(0, 10)}`;
}
