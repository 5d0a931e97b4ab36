import { describe, expect, it } from 'vitest';
import { safeLink, safeReport, safeText } from '../../shared/sanitize.js';
import type { Report } from '../../shared/types.js';

describe('safeText', () => {
  const cases: [name: string, input: string, line: string, lines: string][] = [
    ['plain text is left alone', 'status 503, expected 2xx', 'status 503, expected 2xx', 'status 503, expected 2xx'],
    ['a colour escape goes whole', 'red\u001b[31mred\u001b[0m', 'redred', 'redred'],
    ['a C1 CSI goes whole', 'a\u009b2Jb', 'ab', 'ab'],
    ['an OSC title string goes whole', 'a\u001b]0;pwned\u0007b', 'ab', 'ab'],
    ['C0 controls and DEL go', 'a\u0000b\u0007c\u007fd', 'abcd', 'abcd'],
    ['C1 controls go', 'a\u0080b\u009fc', 'abc', 'abc'],
    ['bidi overrides and isolates go', 'a\u202ab\u202ec\u2066d\u2069e', 'abcde', 'abcde'],
    ['every line break is a space on one line, a newline where lines are allowed', 'a\r\nb\rc\u2028d\u2029e\u0085f\u000bg', 'a b c d e f g', 'a\nb\nc\nd\ne\nf\ng'],
    ['a tab is a space on one line', 'a\tb', 'a b', 'a\tb'],
  ];
  it.each(cases)('%s', (_name, input, line, lines) => {
    expect(safeText(input)).toBe(line);
    expect(safeText(input, { lines: true })).toBe(lines);
  });

  it('cleans each unsafe character on its own in plain text, and leaves every other character of the BMP alone', () => {
    const lineBreaks = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
    const dropped = (code: number) => code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // a lone surrogate is not a character
      // Last, so an escape character has nothing after it to start a sequence with.
      const text = `ok ${String.fromCharCode(code)}`;
      const expected = code === 0x09 || lineBreaks.has(code) ? 'ok  ' : dropped(code) ? 'ok ' : text;
      if (safeText(text) !== expected) expect.fail(`U+${code.toString(16).padStart(4, '0')}: ${JSON.stringify(safeText(text))}, expected ${JSON.stringify(expected)}`);
    }
  });
});

describe('safeLink', () => {
  it.each([
    ['https://example.com/a', { kind: 'url', href: 'https://example.com/a' }],
    ['mailto:ops@example.com', { kind: 'url', href: 'mailto:ops@example.com' }],
    ['', { kind: 'none' }],
    ['javascript:alert(1)', { kind: 'refused', reason: 'javascript: links are not allowed' }],
    ['file:///etc/passwd', { kind: 'refused', reason: 'file: links are not allowed' }],
    ['no scheme', { kind: 'refused', reason: 'not a full URL' }],
  ])('%s', (link, expected) => expect(safeLink(link)).toEqual(expected));

  it('gives the same answer again, and an answer no caller can change for the next one', () => {
    const first = safeLink('https://example.com/b');
    expect(() => Object.assign(first, { href: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(safeLink('https://example.com/b')).toEqual({ kind: 'url', href: 'https://example.com/b' });
  });
});

describe('safeReport', () => {
  it('cleans every row, drops a link that may not be opened and says why', () => {
    const report = {
      id: 'x', version: 1, startedAt: '', finishedAt: '', durationMs: 0, trigger: 'cli', configPath: '/c\u202e.yaml', timezone: 'UTC',
      statuses: [{ resource: 'R\u001b[2J', type: 'process', metric: 'm\u2028', level: 'ERROR', result: 'x\u0085y', link: 'javascript:alert(1)', since: '' }],
      snoozed: [], counts: { OK: 0, WARNING: 0, ERROR: 1 },
      health: { total: 1, timedOut: ['R\u202e'], crashed: [], deadlineHit: false, notes: ['damaged (\u001b[31m)'] },
    } satisfies Report;
    const safe = safeReport(report);
    expect(safe.statuses[0]).toEqual({ resource: 'R', type: 'process', metric: 'm ', level: 'ERROR', result: 'x\ny', link: '', linkRefused: 'javascript: links are not allowed', since: '' });
    expect(safe.configPath).toBe('/c.yaml');
    expect(safe.health).toMatchObject({ timedOut: ['R'], notes: ['damaged ()'] });
  });
});
