import { describe, expect, it } from 'vitest';
import { byteSize, parseByteSize } from '../../../main/checks/lib/size.js';

describe('parseByteSize', () => {
  it.each([
    ['300', 300],
    ['1 MB', 1_000_000],
    ['500KB', 500_000],
    ['1.5 GB', 1_500_000_000],
    ['2 KiB', 2048],
    ['1 mib', 1_048_576],
    [' 10 b ', 10],
  ])('%j → %i bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['lots', '1 MBs', '-1 MB', '1,5 MB', 'MB', '', '1 M B'])('refuses %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});

describe('byteSize field', () => {
  const field = byteSize('1 MB');
  it.each([
    [0, 0],
    [1024, 1024],
    ['1 MB', 1_000_000],
  ])('accepts %j', (input, bytes) => {
    expect(field.parse(input)).toBe(bytes);
  });

  it.each([
    ['a word', 'lots', 'must be a size like "1 MB" or a number of bytes, got "lots"'],
    ['a negative number', -5, 'must be a size like "1 MB" or a number of bytes, got -5'],
    ['a fraction of a byte', 1.5, 'must be a size like "1 MB" or a number of bytes, got 1.5'],
    ['a boolean', true, 'must be a size like "1 MB" or a number of bytes'],
  ])('refuses %s with the fix', (_name, input, message) => {
    const result = field.safeParse(input);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});
