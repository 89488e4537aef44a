import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, allow, doc, type RawStatement } from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { iamTargetScopes, normalisePolicyDocument, type PolicyAttachment, type PolicyEngine } from '../iam/index.js';
import { grantingStatements } from './permission-evidence.js';

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await realEngine();
});

function managed(name: string, ...statements: RawStatement[]): PolicyAttachment {
  const { document, problems } = normalisePolicyDocument(doc(...statements));
  expect(problems).toEqual([]);
  const arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`;
  return { id: arn, name, kind: 'managed', arn, document };
}

const summaries = (evidence: { summary: string }[]) => evidence.map((e) => e.summary);

/**
 * Each policy's statements are weighed once per action set and scopes, and each statement's line formatted once
 * per attachment: what a rule asks with one set must not leak into what another asks with another.
 */
describe('grantingStatements, asked by several rules about the same policies', () => {
  it('answers each action set with its own statements, however often the policy was asked before', () => {
    const policy = managed(
      'Mixed',
      allow('s3:GetObject'),
      allow('iam:CreateAccessKey'),
      allow('s3:PutObject', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
    );
    const reads = engine.catalog.setOf(['s3:GetObject', 's3:PutObject']).compact();
    const keys = engine.catalog.setOf(['iam:CreateAccessKey']).compact();
    const holders = [{ identity: [policy] }, { identity: [policy] }];
    for (const policies of holders) {
      expect(summaries(grantingStatements(engine, policies, reads))).toEqual([
        'managed policy Mixed, statement #0: Allow Action s3:GetObject on *',
      ]);
      expect(summaries(grantingStatements(engine, policies, keys))).toEqual([
        'managed policy Mixed, statement #1: Allow Action iam:CreateAccessKey on *',
      ]);
    }
  });

  it('counts a grant on every resource of its kind only when asked with that scope', () => {
    const policy = managed('Keys', allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/*`));
    const keys = engine.catalog.setOf(['iam:CreateAccessKey']).compact();
    const scopes = iamTargetScopes(engine.catalog, ['iam:CreateAccessKey'], { partition: 'aws', account: ACCOUNT });
    const policies = { identity: [policy] };
    expect(grantingStatements(engine, policies, keys)).toEqual([]);
    expect(summaries(grantingStatements(engine, policies, keys, 5, scopes))).toEqual([
      `managed policy Keys, statement #0: Allow Action iam:CreateAccessKey on arn:aws:iam::${ACCOUNT}:user/*`,
    ]);
    expect(grantingStatements(engine, policies, keys)).toEqual([]);
  });

  it('names the group a statement comes through, for the attachment it comes through', () => {
    const direct = managed('Reader', allow('s3:GetObject'));
    const viaGroup: PolicyAttachment = { ...direct, viaGroup: 'readers' };
    const reads = engine.catalog.setOf(['s3:GetObject']).compact();
    expect(summaries(grantingStatements(engine, { identity: [direct] }, reads))).toEqual([
      'managed policy Reader, statement #0: Allow Action s3:GetObject on *',
    ]);
    expect(summaries(grantingStatements(engine, { identity: [viaGroup] }, reads))).toEqual([
      'managed policy Reader (via group readers), statement #0: Allow Action s3:GetObject on *',
    ]);
  });
});
