import { createHash } from 'node:crypto';

/** Same rule, same account, same resource (and discriminator) ⇒ same id, scan after scan. */
export function findingId(ruleId: string, accountId: string, resourceArn: string, discriminator = ''): string {
  const digest = createHash('sha256').update(`${ruleId}\n${accountId}\n${resourceArn}\n${discriminator}`).digest('hex');
  return `${ruleId}-${digest.slice(0, 10)}`;
}
