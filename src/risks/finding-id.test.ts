import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findingId } from './finding-id.js';

describe('findingId', () => {
  // Ids are stored in state files: they must never change, whichever hashing API computes them.
  it('is the rule id and the first 10 hex digits of the SHA-256 of rule, account, ARN and discriminator', () => {
    const arn = 'arn:aws:iam::111122223333:user/alice';
    const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);
    expect(findingId('admin-access', '111122223333', arn)).toBe(
      `admin-access-${digest(`admin-access\n111122223333\n${arn}\n`)}`,
    );
    expect(findingId('stale-access-key', '111122223333', arn, 'AKIA1')).toBe(
      `stale-access-key-${digest(`stale-access-key\n111122223333\n${arn}\nAKIA1`)}`,
    );
    expect(findingId('admin-access', '111122223333', arn)).toBe('admin-access-e15385b11d');
  });
});
