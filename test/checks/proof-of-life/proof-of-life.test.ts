import { describe, expect, it } from 'vitest';
import proofOfLife from '../../../main/checks/proof-of-life/index.js';
import { runCheck } from '../../helpers/context.js';

describe('proof-of-life', () => {
  it.each([
    ['the default message', {}, 'I ran, therefore I am.'],
    ['a message of its own', { message: 'Nightly run finished' }, 'Nightly run finished'],
  ])('is one OK line with %s', async (_name, params, result) => {
    expect(await runCheck(proofOfLife, params)).toEqual([{ level: 'OK', result }]);
  });

  it.each([
    ['an empty message', '', 'must be the text of the OK line, like "Nightly run finished", got "": write some text or remove `message` for the default'],
    ['a message of spaces', '  ', 'must be the text of the OK line, like "Nightly run finished", got "  ": write some text or remove `message` for the default'],
    ['a number', 42, 'must be the text of the OK line, like "Nightly run finished"'],
  ])('refuses %s at load, worded as the fix', (_name, message, expected) => {
    const result = proofOfLife.schema.safeParse({ message });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([`message: ${expected}`]);
  });
});
