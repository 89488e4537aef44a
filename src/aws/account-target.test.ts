import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseAccountsFile } from './account-target.js';

describe('parseAccountsFile', () => {
  it('reads YAML with { accounts } and fills the id from the role ARN', () => {
    const yaml = [
      'accounts:',
      '  - roleArn: arn:aws:iam::210987654321:role/rightsize-scanner',
      '    externalId: abc-123',
      '    regions: [eu-west-1, us-east-1]',
      "  - id: '012345678901'",
      '    name: hub',
    ].join('\n');
    expect(parseAccountsFile(yaml, 'accounts.yaml')).toEqual([
      {
        id: '210987654321',
        roleArn: 'arn:aws:iam::210987654321:role/rightsize-scanner',
        externalId: 'abc-123',
        regions: ['eu-west-1', 'us-east-1'],
      },
      { id: '012345678901', name: 'hub' },
    ]);
  });

  it('reads a JSON list', () => {
    expect(
      parseAccountsFile(
        '[{"id": "210987654321", "sessionName": "x1", "roleArn": "arn:aws:iam::210987654321:role/s"}]',
        'a.json',
      ),
    ).toEqual([{ id: '210987654321', roleArn: 'arn:aws:iam::210987654321:role/s', sessionName: 'x1' }]);
  });

  it.each([
    ['accounts: []', /expected a non-empty list of accounts/],
    ['- { id: 12345 }', /accounts\[0\]: id: expected a 12-digit AWS account id/],
    ['- { id: 012345678901 }', /got 12345678901 \(quote account ids in YAML/],
    ["- { id: '210987654321', role: x }", /unknown field role/],
    ["- { roleArn: 'arn:aws:iam::210987654321:user/x' }", /roleArn: expected an IAM role ARN/],
    ["- { id: '210987654321', externalId: abc }", /externalId and sessionName need a roleArn/],
    ["- { id: '210987654321', regions: [mars-1] }", /regions\[0\]: expected a region name/],
    ['- { name: nobody }', /accounts\[0\]: needs an id or a roleArn/],
    ["- { id: '210987654321' }\n- { id: '210987654321' }", /account 210987654321 is listed twice/],
    ['{ not yaml', /not valid JSON or YAML/],
  ])('rejects %j with a message naming the entry', (text, message) => {
    expect(() => parseAccountsFile(text, 'accounts.yaml')).toThrow(ConfigError);
    expect(() => parseAccountsFile(text, 'accounts.yaml')).toThrow(message);
  });
});
