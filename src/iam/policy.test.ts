import { describe, expect, it } from 'vitest';
import { normalisePolicyDocument } from './policy.js';

const encoded = (value: unknown) => encodeURIComponent(JSON.stringify(value)).replace(/\*/g, '%2A');

describe('normalisePolicyDocument', () => {
  it('decodes the URL-encoded JSON the IAM API returns', () => {
    const raw = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] });
    expect(raw).toContain('%2A');
    const { document, problems } = normalisePolicyDocument(raw);
    expect(problems).toEqual([]);
    expect(document.Statement).toEqual([{ Effect: 'Allow', Action: ['s3:Get*'], Resource: ['*'] }]);
  });

  it('accepts a single Statement object and string-or-array elements', () => {
    const { document } = normalisePolicyDocument({
      Version: '2012-10-17',
      Statement: { Sid: 'One', Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] },
    });
    expect(document.Statement).toEqual([
      { Sid: 'One', Effect: 'Deny', NotAction: ['iam:*'], NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] },
    ]);
  });

  it('normalises trust-policy principals, "*" included, and condition values to strings', () => {
    const { document, problems } = normalisePolicyDocument(
      {
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:SecureTransport': true } },
          },
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root', Service: ['ec2.amazonaws.com'] },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      'trust',
    );
    expect(problems).toEqual([]);
    expect(document.Statement[0]).toMatchObject({
      Principal: { AWS: ['*'] },
      Condition: { Bool: { 'aws:SecureTransport': ['true'] } },
    });
    expect(document.Statement[1]!.Principal).toEqual({
      AWS: ['arn:aws:iam::111122223333:root'],
      Service: ['ec2.amazonaws.com'],
    });
  });

  it('reports Effect "Maybe" with the JSON path and leaves the statement out', () => {
    const { document, problems } = normalisePolicyDocument(
      {
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Maybe', Action: 'iam:*', Resource: '*' },
        ],
      },
      'identity',
      '$.Policies[0].Document',
    );
    expect(document.Statement).toHaveLength(1);
    expect(problems).toEqual([
      {
        level: 'error',
        path: '$.Policies[0].Document.Statement[1].Effect',
        message: 'Effect must be "Allow" or "Deny", got "Maybe"',
      },
    ]);
  });

  it('reports grammar errors: both Action and NotAction, no Resource, malformed action names', () => {
    const { problems } = normalisePolicyDocument({
      Statement: [
        { Effect: 'Allow', Action: 's3:*', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObject' },
        { Effect: 'Allow', Action: ['s3 GetObject'], Resource: '*' },
      ],
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '$.Statement[0]: a statement has either Action or NotAction, not both',
      '$.Statement[1]: a statement needs Resource or NotResource',
      '$.Statement[2].Action[0]: "s3 GetObject" is not an action ("service:Action" or "*")',
    ]);
  });

  it('reports a document that is not JSON instead of throwing', () => {
    const { document, problems } = normalisePolicyDocument('{"Statement": [', 'identity', '$.x');
    expect(document.Statement).toEqual([]);
    expect(problems[0]!.message).toMatch(/^the policy document is not valid JSON/);
  });
});
