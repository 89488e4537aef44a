// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // Only src/jira talks to Jira: the rest of Rightsize sees its gateway and service.
    files: ['src/**/*.ts', 'commands/**/*.ts', 'views/**/*.ts'],
    ignores: ['src/jira/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^jira\\.js(/.*)?$', message: 'only src/jira imports jira.js' }] },
      ],
    },
  },
  {
    // Architecture boundaries: pure analysis never does I/O and never reaches the edges.
    files: [
      'src/iam/**/*.ts',
      'src/risks/**/*.ts',
      'src/usage/**/*.ts',
      'src/downsize/**/*.ts',
      'src/views/**/*.ts',
      'views/**/*.ts',
    ],
    ignores: ['**/*.test.ts', 'src/iam/catalog-loader.ts'],
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
              group: ['@aws-sdk/*', 'lowdb', 'lowdb/*', 'jira.js', '@slack/*'],
              message: 'adapters live at the edges (src/aws, src/store, src/jira, commands/)',
            },
          ],
        },
      ],
    },
  },
);
