/**
 * `npm run bench:agreement -- --cloudsplaining CMD [--peer-gaad FILE]`: runs Cloudsplaining and `rightsize scan` once
 * each on the same generated account (a GAAD file of 1,000 roles by default, as bench/peer.ts uses) and prints,
 * per Rightsize verdict, how many principals Cloudsplaining flags for privilege escalation, with its methods — the
 * README's peer-agreement table. `--json` prints the rows.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../src/risks/types.js';
import {
  agreementTable,
  cloudsplainingEscalators,
  rightsizeVerdicts,
  type AgreementRow,
  type CloudsplainingResults,
  userGroups,
} from './peer-agreement.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    cloudsplaining: { type: 'string' },
    'peer-gaad': { type: 'string', default: join('bench', 'out', 'peer', 'gaad-1000.json') },
    json: { type: 'boolean', default: false },
  },
});
if (!values.cloudsplaining) throw new Error('--cloudsplaining CMD is required (see ../shared/peers/README.md)');

const work = await mkdtemp(join(tmpdir(), 'rightsize-agreement-'));
try {
  const gaad = values['peer-gaad'];
  const snapshot = join(work, 'snapshot');
  await mkdir(snapshot);
  await copyFile(gaad, join(snapshot, 'authorization-details.json'));
  const options = { maxBuffer: 256 * 1024 * 1024, cwd: ROOT };
  const scan = await run(
    process.execPath,
    [join(ROOT, 'bin', 'rightsize.js'), 'scan', '--snapshot', snapshot, '--format', 'json'],
    options,
  );
  const report = JSON.parse(scan.stdout) as { findings: Finding[] };
  const peerOut = join(work, 'cloudsplaining');
  await run(values.cloudsplaining, [gaad, peerOut], options);
  const resultsFile = (await readdir(peerOut)).find((name) => name.startsWith('iam-results-'));
  if (!resultsFile) throw new Error(`Cloudsplaining wrote no iam-results-*.json in ${peerOut}`);
  const results = JSON.parse(await readFile(join(peerOut, resultsFile), 'utf8')) as CloudsplainingResults;

  const principals = [results.roles, results.users, results.groups].flatMap((section) =>
    Object.values(section).map((p) => p.arn),
  );
  const verdicts = rightsizeVerdicts(report.findings, (finding) => / latent escalation path/.test(finding.title));
  const rows = agreementTable(cloudsplainingEscalators(results), verdicts, principals, userGroups(results));
  process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : markdown(rows, principals.length));
} finally {
  await rm(work, { recursive: true, force: true });
}

function markdown(rows: AgreementRow[], principals: number): string {
  const lines = [
    `${principals} principals. Rows: Rightsize's verdict; columns: whether Cloudsplaining flags privilege escalation.`,
    '',
    '| Rightsize | flagged by Cloudsplaining | not flagged | Cloudsplaining methods of the flagged (principals; top 6) |',
    '|---|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.verdict} | ${row.flaggedByCloudsplaining} | ${row.notFlagged} | ${Object.entries(row.methods)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 6)
          .map(([methods, count]) => `${methods} (${count})`)
          .join('; ')} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
