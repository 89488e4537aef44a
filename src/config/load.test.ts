import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/findings.js';
import { findAccount, loadConfig, parseConfig, scheduledAccounts } from './load.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_RULE_SETTINGS } from '../risks/settings.js';

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, env, '/etc/rightsize.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('the configuration', () => {
  it('validates the documented example (rightsize.example.yaml)', async () => {
    const file = new URL('../../rightsize.example.yaml', import.meta.url).pathname;
    const config = await loadConfig(file, {
      RIGHTSIZE_PRODUCTION_EXTERNAL_ID: 'ext-123',
      RIGHTSIZE_FIX_EXTERNAL_ID: 'fix-456',
    });
    expect(config.accounts.map((a) => a.name)).toEqual(['demo', 'production']);
    expect(findAccount(config, 'production')).toMatchObject({
      externalId: 'ext-123',
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(findAccount(config, 'demo')!.snapshot).toBe(
      new URL('../../examples/demo-account', import.meta.url).pathname,
    );
    expect(config.stateFile).toBe(new URL('../../rightsize-state.json', import.meta.url).pathname);
    expect(config.schedules[0]).toMatchObject({ timezone: 'Europe/Berlin', groupBy: 'risk', minSeverity: 'medium' });
    expect(config.schedules[1]).toMatchObject({ timezone: 'UTC', groupBy: 'risk', minSeverity: 'low' });
    expect(scheduledAccounts(config, config.schedules[1]!).map((a) => a.id)).toEqual(['111122223333']);
    expect(config.ownership.teams.payments).toEqual({ slack: 'S0PAYMENTS', jiraProject: 'PAY' });
    expect(config.ownership.teams.platform).toMatchObject({
      jiraAssignee: '5b10ac8d82e05b22cc7d4ef5',
      jiraComponent: 'iam',
    });
    expect(config.jira).toMatchObject({
      flavour: 'cloud',
      project: 'SEC',
      transitions: { done: 'Done', reopen: 'Reopen' },
    });
    expect(config.workflows.map((w) => `${w.name}: ${w.then.map((t) => t.action).join(', ')}`)).toEqual([
      'critical-to-jira: create-jira-issue, post-to-channel',
      'unused-keys-ask: dm-owner',
      'unused-keys-deactivate: apply-fix',
      'payments-weekly: post-to-channel',
    ]);
    expect(config.fixes).toMatchObject({
      roleName: 'rightsize-remediation',
      externalId: 'fix-456',
      allowSelfApproval: false,
    });
  });

  it('defaults fixes to a day to approve, three days to roll back, no self-approval, the hub credentials', () => {
    expect(parseConfig('', {}).fixes).toEqual({
      approvalExpiryHours: 24,
      rollbackWindowHours: 72,
      allowSelfApproval: false,
      roleArns: {},
    });
  });

  it('names the key of a bad remediation role', () => {
    const found = problems("fixes: { roleArns: { '123456789012': 'rightsize-fixer' }, approvalExpiryHours: 0 }");
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual([
      'fixes.approvalExpiryHours',
      'fixes.roleArns.123456789012',
    ]);
    expect(found.join('\n')).toContain('expected an IAM role ARN');
  });

  it('fills every default when the file is empty, and maps rule settings onto the rules', () => {
    const config = parseConfig('', {});
    expect(config.rules).toEqual(DEFAULT_RULE_SETTINGS);
    expect(config).toMatchObject({ accounts: [], schedules: [], ownership: { tagKeys: ['owner', 'team'] } });
    expect(parseConfig('rules: { unusedRoleDays: 30 }', {}).rules.unusedRoleDays).toBe(30);
  });

  it('reads the organisation guardrail the organization-guardrail rule checks, and names a bad action', () => {
    const rules = parseConfig(
      'rules: { guardrailScps: [deny-leaving], guardrailDeniedActions: ["organizations:LeaveOrganization", "cloudtrail:Stop*"] }',
      {},
    ).rules;
    expect(rules).toMatchObject({
      guardrailScps: ['deny-leaving'],
      guardrailDeniedActions: ['organizations:LeaveOrganization', 'cloudtrail:Stop*'],
    });
    expect(problems('rules: { guardrailDeniedActions: ["leave the organisation"] }')).toEqual([
      'rules.guardrailDeniedActions[0]: expected an action such as organizations:LeaveOrganization',
    ]);
  });

  it('checks the jira section and leaves Jira off without it', () => {
    expect(parseConfig('', {}).jira).toBeUndefined();
    expect(
      problems('jira: { flavour: onprem, baseUrl: jira.acme.io, project: sec, labels: [has space], retryCron: often }'),
    ).toEqual([
      'jira.flavour: Invalid option: expected one of "cloud"|"server"',
      'jira.baseUrl: expected the Jira base URL, e.g. https://example.atlassian.net',
      'jira.project: expected a Jira project key such as SEC',
      'jira.labels[0]: expected a Jira label: no spaces, at most 255 characters',
      expect.stringMatching(/^jira\.retryCron: /),
    ]);
  });

  it('reads JSON as well', () => {
    const config = parseConfig(JSON.stringify({ accounts: [{ id: '123456789012' }] }), {}, 'c.json');
    expect(config.accounts[0]!.id).toBe('123456789012');
  });

  it('names the key and what is wrong, for every problem at once', () => {
    expect(
      problems(
        [
          'accounts:',
          '  - id: 123456789012',
          '    roleARN: arn:aws:iam::123456789012:role/x',
          '    regions: [eu-west-1, mars-1]',
          'schedules:',
          '  - cron: "61 * * * *"',
          '    timezone: Mars/Olympus',
          '    channel: security',
          '    minSeverity: severe',
          'rules:',
          '  unusedRoleDays: 0',
          '  unusedDays: 30',
          'ownership:',
          '  teams:',
          '    payments: { slack: "@payments", jiraProject: pay }',
        ].join('\n'),
      ),
    ).toEqual([
      'accounts[0].id: expected a 12-digit AWS account id in quotes (YAML reads unquoted digits as a number)',
      'accounts[0].regions[1]: expected an AWS region name such as eu-west-1',
      'accounts[0]: unknown key "roleARN"',
      'schedules[0].cron: not a cron expression (61 is a invalid expression for minute); e.g. "0 6 * * 1-5" is 06:00 on weekdays',
      'schedules[0].timezone: unknown time zone "Mars/Olympus"; use an IANA name such as "UTC" or "Europe/Berlin"',
      'schedules[0].channel: expected a Slack channel id (C…) or #channel-name',
      'schedules[0].minSeverity: Invalid option: expected one of "critical"|"high"|"medium"|"low"',
      'rules.unusedRoleDays: Too small: expected number to be >=1',
      'rules: unknown key "unusedDays"',
      'ownership.teams.payments.slack: expected a Slack user id (U…/W…) or user-group id (S…), as shown in its profile',
      'ownership.teams.payments.jiraProject: expected a Jira project key such as SEC',
    ]);
  });

  it('requires what it cannot do without, and checks references between sections', () => {
    expect(problems('schedules:\n  - timezone: UTC')).toEqual(['schedules[0].cron: required']);
    expect(
      problems(
        "accounts:\n  - { id: '123456789012', name: prod }\n  - { id: '210987654321', name: prod }\nschedules:\n  - { cron: '0 6 * * *', accounts: [prod, staging] }",
      ),
    ).toEqual([
      'accounts[1]: "prod" is already used by accounts[0]',
      'schedules[0].accounts[1]: no account "staging" in accounts (ids and names: 123456789012, prod, 210987654321)',
    ]);
  });

  it('takes secrets from the environment and names the key whose variable is unset', () => {
    const text = "accounts:\n  - id: '123456789012'\n    externalId: ${PROD_EXTERNAL_ID}";
    expect(parseConfig(text, { PROD_EXTERNAL_ID: 'abc-123' }).accounts[0]!.externalId).toBe('abc-123');
    expect(problems(text)).toEqual(['accounts[0].externalId: environment variable PROD_EXTERNAL_ID is not set']);
  });

  it('explains a file that is not YAML, and one that does not exist', async () => {
    expect(problems('accounts: [ {id: "1')).toEqual([expect.stringMatching(/^: not valid YAML: .*line 1, column/)]);
    const dir = await tempDir();
    await expect(loadConfig(join(dir, 'missing.yaml'), {})).rejects.toThrow(/missing\.yaml: no such file/);
    await writeFile(join(dir, 'dup.yaml'), 'stateFile: a\nstateFile: b\n');
    await expect(loadConfig(join(dir, 'dup.yaml'), {})).rejects.toThrow(/not valid YAML: Map keys must be unique/);
    expect(await readFile(join(dir, 'dup.yaml'), 'utf8')).toContain('stateFile');
  });
});
