// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const ONLY_JIRA = { regex: '^jira\\.js(/.*)?$', message: 'only src/jira imports jira.js' };
const ONLY_STORE = {
  group: ['lowdb', 'lowdb/*', 'proper-lockfile'],
  message: 'only src/store reads and writes the state file (lowdb, the lock): use StateStore',
};
const ONLY_SLACK_EDGE = {
  group: ['@slack/*'],
  message: 'Slack lives in commands/ and src/slack; src/ defines an interface and src/app.ts wires it',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/', 'bench/out/', 'tmp/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  // Only src/jira talks to Jira: the rest of Rightsize sees its gateway and service. Only src/store touches the state
  // file (lowdb and the lock around it). Slack is the edge: commands/
  // (listeners, outbound messages) and src/slack (Bolt, the Web API client); the composition root src/app.ts wires
  // them, and the rest of src/ reaches Slack only through interfaces it defines. (A later config's rule replaces an
  // earlier one's, so each block lists every pattern that applies to its files.)
  {
    files: ['commands/**/*.ts', 'views/**/*.ts', 'src/slack/**/*.ts', 'src/app.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ONLY_JIRA, ONLY_STORE] }] },
  },
  {
    files: ['src/jira/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ONLY_SLACK_EDGE, ONLY_STORE] }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/jira/**', 'src/slack/**', 'src/store/**', 'src/app.ts', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ONLY_SLACK_EDGE, ONLY_JIRA, ONLY_STORE] }] },
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ONLY_SLACK_EDGE, ONLY_JIRA] }] },
  },
  {
    // Architecture boundaries: pure analysis never does I/O and never reaches the edges.
    files: [
      'src/iam/**/*.ts',
      'src/risks/**/*.ts',
      'src/usage/**/*.ts',
      'src/downsize/**/*.ts',
      'src/org-graph/**/*.ts',
      'views/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:net', 'node:http', 'node:https'],
              message: 'analysis code is pure: no I/O',
            },
            {
              group: ['@aws-sdk/*', ...ONLY_STORE.group, 'jira.js', '@slack/*'],
              message: 'adapters live at the edges (src/aws, src/store, src/jira, commands/)',
            },
          ],
        },
      ],
    },
  },
);
