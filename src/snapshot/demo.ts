import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled demo account: every command's default input, so nothing needs credentials to try. */
export function demoSnapshotDir(): string {
  // Walk up from this module (src/ or dist/src/) to the package root that ships examples/.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'examples', 'demo-account');
    if (existsSync(join(candidate, 'authorization-details.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('the bundled demo account (examples/demo-account) is missing from this installation');
}
