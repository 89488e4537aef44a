import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { choiceValue, listValue, parseInput, tokenize } from './parse.js';

describe('tokenize', () => {
  it('splits on whitespace and keeps quoted words together', () => {
    expect(tokenize(`  show  "role/deploy bot" 'x y'  `)).toEqual(['show', 'role/deploy bot', 'x y']);
  });

  it('reads typographic quotes and dashes as what was typed', () => {
    expect(tokenize('risks \u2014severity high \u201Cquoted words\u201D')).toEqual([
      'risks',
      '--severity',
      'high',
      'quoted words',
    ]);
  });

  it("reads Slack's escaped text: mentions stay one word, links become URLs, channels names, entities characters", () => {
    expect(
      tokenize(
        'risks --owner <@U0BOB|bob smith> mute abc 7 see <https://wiki.example/x|the wiki> in <#C0SEC|security> &lt;ok&gt; &amp;',
      ),
    ).toEqual([
      'risks',
      '--owner',
      '<@U0BOB|bob smith>',
      'mute',
      'abc',
      '7',
      'see',
      'https://wiki.example/x',
      'in',
      '#security',
      '<ok>',
      '&',
    ]);
  });

  it('leaves a dash inside a word alone', () => {
    expect(tokenize('show a\u2014b')).toEqual(['show', 'a\u2014b']);
  });
});

describe('parseInput', () => {
  const options = { severity: { type: 'string' as const, short: 's' } };

  it('parses options and positionals', () => {
    expect(parseInput(['-s', 'high', 'x'], options, { min: 1, max: 1, name: 'x' })).toEqual({
      values: { severity: 'high' },
      positionals: ['x'],
    });
  });

  it('turns unknown options, missing and extra words into usage errors', () => {
    expect(() => parseInput(['--nope'], options, { min: 0, max: 0, name: '' })).toThrow(UsageError);
    expect(() => parseInput([], options, { min: 1, max: 1, name: 'finding' })).toThrow('missing finding');
    expect(() => parseInput(['a', 'b'], options, { min: 0, max: 1, name: 'x' })).toThrow('unexpected "b"');
    expect(() => parseInput(['--severity'], options, { min: 0, max: 0, name: '' })).toThrow(UsageError);
  });
});

describe('option values', () => {
  it('splits comma lists and checks choices', () => {
    expect(listValue(' a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(listValue(undefined)).toBeUndefined();
    expect(choiceValue('low', ['high', 'low'], 'severity')).toBe('low');
    expect(() => choiceValue('mid', ['high', 'low'], 'severity')).toThrow('--severity must be one of high, low');
  });
});
