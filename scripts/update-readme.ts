/**
 * Regenerates the README sections that come from code: the rule catalog (from the rule modules), the
 * escalation-method coverage (from methods.ts and ../shared/data/privesc-methods.json), the configuration
 * keys (from the config schema) and the Slack subcommands (from their registry).
 * `npm run docs`; test/readme.test.ts fails when the README is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { renderSlashCommandTable } from '../commands/slash/docs.js';
import { renderConfigTable } from '../src/config/docs.js';
import { renderEscalationCoverage, renderRuleTable, replaceSection } from '../src/report/catalog-docs.js';
import type { PublishedCatalogs } from '../src/risks/escalation/coverage.js';
import { RULES } from '../src/risks/rules/index.js';

export async function generatedReadme(readme: string): Promise<string> {
  const published = JSON.parse(
    await readFile(new URL('../../shared/data/privesc-methods.json', import.meta.url), 'utf8'),
  ) as PublishedCatalogs;
  return replaceSection(
    replaceSection(
      replaceSection(
        replaceSection(readme, 'rules', renderRuleTable(RULES)),
        'escalation-coverage',
        renderEscalationCoverage(published),
      ),
      'config',
      renderConfigTable(),
    ),
    'slack-commands',
    renderSlashCommandTable(),
  );
}

if (process.argv[1]?.endsWith('update-readme.ts')) {
  const path = new URL('../README.md', import.meta.url);
  await writeFile(path, await generatedReadme(await readFile(path, 'utf8')));
  console.log('README.md updated');
}
