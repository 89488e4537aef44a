/**
 * Child process for test/state-crash.test.ts: records scans of many findings into a state file as fast as it
 * can, printing a line after each, until it is killed.
 */
import { StateStore } from '../../src/store/index.js';
import { manyFindings, scanInput } from './findings.js';

const [file, count = '20000'] = process.argv.slice(2);
const store = await StateStore.open(file!);
const findings = manyFindings(Number(count));
for (let i = 0; ; i++) {
  // Alternate between all findings and half of them, so every write changes a lot of the file.
  const scan = i % 2 === 0 ? findings : findings.slice(0, findings.length / 2);
  await store.recordScan(scanInput(scan, new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()));
  process.stdout.write(`wrote ${i + 1}\n`);
}
