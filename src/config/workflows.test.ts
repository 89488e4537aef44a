import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { ConfigError } from '../errors.js';
import { parseTrigger } from './workflows.js';

function problems(text: string): string[] {
  try {
    parseConfig(text, {}, '/etc/rightsize.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('workflows in the config file', () => {
  it('reads triggers, filters and ordered actions, with their defaults', () => {
    const config = parseConfig(
      `
accounts: [{ id: '123456789012', name: prod }]
workflows:
  - name: critical-to-jira
    when: finding.new
    if: { minSeverity: critical, accounts: [prod], tags: { env: '*' } }
    then:
      - { action: create-jira-issue, project: SEC }
      - { action: webhook, url: 'https://hooks.example.com/x', secret: '\${HOOK}' }
  - name: old-keys
    when: finding.age > 14 days
    then: [{ action: dm-owner }]
`,
      { HOOK: 'a-long-enough-secret' },
    );
    expect(config.workflows[0]).toEqual({
      name: 'critical-to-jira',
      when: { event: 'finding.new' },
      if: { minSeverity: 'critical', accounts: ['prod'], tags: { env: '*' }, newOnly: false },
      then: [
        { action: 'create-jira-issue', project: 'SEC', onFailure: 'continue' },
        {
          action: 'webhook',
          url: 'https://hooks.example.com/x',
          secret: 'a-long-enough-secret',
          timeoutSeconds: 10,
          retries: 3,
          onFailure: 'continue',
        },
      ],
      enabled: true,
    });
    expect(config.workflows[1]!.when).toEqual({ event: 'finding.age', days: 14 });
    expect(config.workflowSettings).toEqual({
      automaticFixes: [],
      rateLimit: { maxRuns: 50, perMinutes: 60 },
      ageCheck: { cron: '0 * * * *', timezone: 'UTC' },
    });
  });

  it('reads finding.age in the ways people write it', () => {
    for (const text of ['finding.age > 14 days', 'finding.age>14d', 'finding.age > 14', 'finding.age > 14 day'])
      expect(parseTrigger(text)).toEqual({ event: 'finding.age', days: 14 });
    expect(parseTrigger('finding.age >= 14 days')).toBeUndefined();
    expect(parseTrigger('finding.created')).toBeUndefined();
  });

  it('names the key and what is wrong, for every problem at once', () => {
    expect(
      problems(`
accounts: [{ id: '123456789012', name: prod }]
workflows:
  - name: Critical To Jira
    when: finding.created
    if: { rules: [admin], minSeverity: severe, accounts: [staging], owner: [payments] }
    then:
      - { action: create-jira, project: SEC }
      - { action: webhook, url: 'ftp://x', secret: short }
      - { action: mute, days: 0 }
  - name: digest
    when: scan.finished
    then: [{ action: dm-owner }, { action: post-to-channel, channel: security }]
  - name: digest
    when: finding.age > 0 days
    then: []
  - name: fixer
    when: finding.new
    then: [{ action: apply-fix }]
`),
    ).toEqual([
      'workflows[0].name: expected a short kebab-case name such as critical-to-jira',
      'workflows[0].when: expected one of finding.new, finding.resolved, finding.reopened, scan.finished, scan.failed, or "finding.age > N days" (got "finding.created")',
      expect.stringMatching(/^workflows\[0\]\.if\.rules\[0\]: unknown rule "admin"; rules: admin-access, /),
      'workflows[0].if.minSeverity: Invalid option: expected one of "critical"|"high"|"medium"|"low"',
      'workflows[0].if: unknown key "owner"',
      'workflows[0].then[0].action: expected action: one of post-to-channel, dm-owner, mute, webhook, create-jira-issue, request-fix-approval, apply-fix (got "create-jira")',
      'workflows[0].then[1].url: expected an http(s) URL',
      'workflows[0].then[1].secret: use at least 16 characters; put `${ENV_VAR}` here to keep it out of the file',
      'workflows[0].then[2].days: Too small: expected number to be >=1',
      'workflows[0].then[2].reason: required',
      'workflows[1].then[1].channel: expected a Slack channel id (C…) or #channel-name',
      'workflows[2].when: finding.age takes 1 to 3650 days',
      'workflows[2].then: Too small: expected array to have >=1 items',
    ]);
  });

  it('checks workflows against the rest of the file once each workflow is valid on its own', () => {
    expect(
      problems(`
accounts: [{ id: '123456789012', name: prod }]
schedules: [{ cron: '0 6 * * *' }]
workflows:
  - name: weekly
    when: finding.age > 3 days
    if: { schedules: [weekly] }
    then: [{ action: dm-owner }]
  - { name: digest, when: scan.finished, if: { accounts: [staging] }, then: [{ action: dm-owner }] }
  - { name: digest, when: scan.failed, if: { minSeverity: high }, then: [{ action: post-to-channel, channel: '#ops' }] }
  - { name: fixer, when: finding.new, then: [{ action: apply-fix }] }
`),
    ).toEqual([
      'workflows[0].if.schedules[0]: no schedule "weekly" in schedules (names: schedule-1)',
      'workflows[0].if.schedules: finding.age comes from the age check, not from a scan; `schedules` cannot match it',
      'workflows[1].if.accounts[0]: no account "staging" in accounts (ids and names: 123456789012, prod)',
      'workflows[1].then[0].action: dm-owner acts on one finding; scan.finished is about a scan (use a finding.* trigger)',
      'workflows[2].name: "digest" is already used by workflows[1]',
      'workflows[2].if: scan.failed has no findings to filter; only `accounts` and `schedules` apply',
      'workflows[3].then[0].action: apply-fix needs the fix kinds it may apply in workflowSettings.automaticFixes',
    ]);
  });

  it('checks the age-check schedule and the allow-list', () => {
    expect(
      problems(`
workflowSettings:
  automaticFixes: [Deactivate Key]
  rateLimit: { maxRuns: 0 }
  ageCheck: { cron: 'every hour', timezone: Mars/Olympus }
`),
    ).toEqual([
      'workflowSettings.automaticFixes[0]: expected a fix kind such as deactivate-access-key',
      'workflowSettings.rateLimit.maxRuns: Too small: expected number to be >=1',
      expect.stringMatching(/^workflowSettings\.ageCheck\.cron: not a cron expression/),
      'workflowSettings.ageCheck.timezone: unknown time zone "Mars/Olympus"; use an IANA name such as "UTC" or "Europe/Berlin"',
    ]);
  });
});
