import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeFsError, describeJsonValue } from '../../../main/checks/lib/words.js';

async function realError(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to fail');
}

describe('describeFsError', () => {
  it('words a real missing folder', async () => {
    expect(describeFsError(await realError(() => readdir('/definitely/not/here')))).toBe('does not exist (ENOENT)');
  });

  // Tests run as root, so EACCES cannot be produced with chmod: this checks the wording of the code only.
  it.each([
    ['EACCES', 'permission denied (EACCES)'],
    ['EIO', 'input/output error (failing disk or network share?) (EIO)'],
  ])('words %s', (code, expected) => {
    expect(describeFsError(Object.assign(new Error(`${code}: scandir '/backups'`), { code }))).toBe(expected);
  });

  it('keeps the message of an unknown code', () => {
    expect(describeFsError(Object.assign(new Error('EWEIRD: something odd'), { code: 'EWEIRD' }))).toBe('EWEIRD: something odd');
  });
});

describe('describeJsonValue', () => {
  it.each([
    [undefined, 'nothing (the field is missing)'],
    [null, 'null'],
    [true, 'true'],
    [12, '12'],
    ['n/a', '"n/a"'],
    [[], 'an empty list'],
    [[1, 2, 3], 'a list of 3'],
    [{ a: 1 }, 'an object'],
  ])('%j → %s', (value, expected) => {
    expect(describeJsonValue(value)).toBe(expected);
  });
});
