/**
 * From bytes on disk to a plain object, or one clear error that says where: the file,
 * line and column, and the offending line with a caret under the spot. Bounded against
 * pathological input: a size cap, YAML alias bombs, and nesting too deep to walk.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ParseError as JsoncError, printParseErrorCode } from 'jsonc-parser';
import type * as yamlModule from 'yaml';
import type { Document, YAMLParseError } from 'yaml';
import { formatBytes } from '../../shared/words.js';

/** A config is a few KB; 10,000 resources are about 1 MB. Anything far larger is the wrong file. */
export const MAX_CONFIG_BYTES = 10_000_000;
/** Deeper than any real config (module `params` included); deep enough to never bother one. */
export const MAX_CONFIG_DEPTH = 64;

/** The file could not be read or parsed: the one case that stops a run (exit 3). */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  constructor(
    /** The whole message: what, where, and the offending line with a caret. */
    message: string,
    readonly where: { path: string; line?: number; column?: number } = { path: '' },
  ) {
    super(message);
  }
}

/** Reads at most MAX_CONFIG_BYTES (so `/dev/zero` or a 2 GB log cannot exhaust memory). */
export async function readConfigText(path: string): Promise<string> {
  const cannot = (why: string) => new ConfigFileError(`cannot read config ${path}: ${why}`, { path });
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw cannot(describeFsError(error));
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(1024 * 1024, MAX_CONFIG_BYTES + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_CONFIG_BYTES) {
        throw new ConfigFileError(`cannot use config ${path}: it is larger than ${formatBytes(MAX_CONFIG_BYTES)}, and a config is a few KB: is this the right file?`, { path });
      }
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigFileError) throw error;
    throw cannot(describeFsError(error));
  } finally {
    await handle.close();
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (error as Error).message;
}

/**
 * JSON for a `.json` file, YAML for anything else (YAML also reads most JSON). Empty text is an empty config.
 * The parsers load when first needed: the YAML parser for a YAML config, the locating JSON parser for a JSON error.
 */
export async function parseConfigText(text: string, path: string): Promise<unknown> {
  const source = text.replace(/^\uFEFF/, '');
  const isJson = extname(path).toLowerCase() === '.json';
  if (isJson && source.trim() === '') return {};
  return isJson ? parseJson(source, path) : parseYamlText(source, path);
}

async function parseJson(text: string, path: string): Promise<unknown> {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const located = await locateJsonError(text);
    if (!located) throw new ConfigFileError(`cannot parse config ${path}: ${(error as Error).message}`, { path });
    throw located.toError(path);
  }
}

/** Where JSON.parse failed and why, in words (JSON.parse's own message has no line, and varies by Node version). */
async function locateJsonError(text: string): Promise<Located | undefined> {
  const { parse: parseJsonc, printParseErrorCode } = await import('jsonc-parser');
  const errors: JsoncError[] = [];
  try {
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  } catch {
    return undefined; // nested too deeply for a second, recursive parser: JSON.parse's message will do
  }
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset).trimEnd();
  const at = text[first.offset];
  if (before.endsWith(',') && (at === '}' || at === ']')) {
    return located(text, before.length - 1, 'trailing comma: JSON allows no comma after the last item; remove it');
  }
  return located(text, first.offset, jsonReason(printParseErrorCode(first.error), text.slice(first.offset, first.offset + Math.max(first.length, 1))));
}

function jsonReason(code: ReturnType<typeof printParseErrorCode>, found: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return found.startsWith("'") ? 'JSON needs double quotes ("…"), not single quotes' : `unexpected ${JSON.stringify(found)}: expected a value, a quoted name, or a bracket`;
    case 'PropertyNameExpected':
      return 'expected a property name in double quotes, like "name"';
    case 'ValueExpected':
      return 'expected a value (text in double quotes, a number, true, false, null, a list or an object)';
    case 'ColonExpected':
      return 'expected `:` after the property name';
    case 'CommaExpected':
      return 'expected `,` between two items (is a comma missing at the end of the line before?)';
    case 'CloseBraceExpected':
      return 'expected `}` to close the object';
    case 'CloseBracketExpected':
      return 'expected `]` to close the list';
    case 'EndOfFileExpected':
      return 'unexpected text after the end of the JSON document';
    case 'InvalidCommentToken':
      return 'JSON allows no comments: remove it, or write the config in YAML, which does';
    case 'UnexpectedEndOfString':
      return 'the text is not closed: add the closing double quote';
    case 'InvalidEscapeCharacter':
      return 'invalid escape in a text: write a backslash as \\\\';
    case 'InvalidCharacter':
      return 'a control character (a tab or line break) inside a text: write it as \\t or \\n';
    default:
      return 'not valid JSON here';
  }
}

type YamlModule = typeof yamlModule.default;

/**
 * The fields whose values a program receives as text: a process's `command` list (YAML reads
 * `-w 1.50` as `[-w, 1.5]`) and its `env` (`VERSION: 1.10` as 1.1). A number or true/false
 * written plainly there keeps the text as written, `1.50`, `0x1F`, `007`, `True`, not the
 * value YAML reads it as.
 */
const TEXT_FIELDS = new Set(['command', 'env']);

function keepWrittenText(yaml: YamlModule, doc: Document.Parsed): void {
  const { isMap, isPair, isScalar, isSeq } = yaml;
  const resources = isMap(doc.contents) ? doc.contents.get('resources', true) : undefined;
  if (!isSeq(resources)) return;
  for (const resource of resources.items) {
    if (!isMap(resource)) continue;
    for (const field of resource.items) {
      if (!isScalar(field.key) || !TEXT_FIELDS.has(String(field.key.value))) continue;
      const value = field.value;
      if (!isSeq(value) && !isMap(value)) continue;
      for (const item of value.items) {
        const node = isPair(item) ? item.value : item;
        if (isScalar(node) && node.type === 'PLAIN' && (typeof node.value === 'number' || typeof node.value === 'boolean') && typeof node.source === 'string') {
          node.value = node.source;
        }
      }
    }
  }
}

function parseYamlDocument(yaml: YamlModule, text: string): unknown {
  const doc = yaml.parseDocument(text);
  for (const warning of doc.warnings) process.emitWarning(warning);
  if (doc.errors.length > 0) throw doc.errors[0];
  keepWrittenText(yaml, doc);
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** An anchor, alias or tag (`&x`, `*x`, `!!str`), a merge key, or a number js-yaml reads otherwise (`0b101`, `+.5`). */
const NOT_PLAIN = /(?:^|[\s[\]{},])[&*!][^\s,\]}]|<<|\b0b[01]|[-+]\.\d/;
/** A list item with nothing after its `-` (`- -`, `-`): js-yaml can put the lines after it into the wrong list. */
const COMPACT_EMPTY_ITEM = /(?:^|[ \t])-[ \t]*(?:#.*)?$/m;

/**
 * What a plain config reads as through js-yaml, or undefined when this config needs the
 * `yaml` package's reading below. js-yaml reads a config of 10,000 resources several times
 * faster (a run of 1,000 URL checks spent a tenth of its CPU in `yaml`), but only `yaml`
 * keeps what the slow path needs: where an error is (line, column, the line itself), the
 * text of a number as written in `command` and `env`, alias counting. So js-yaml reads only
 * what both read alike: with the YAML 1.2 core schema (no timestamps or merge keys), no
 * anchors, aliases, tags or merge keys in the text, none of the two number forms it reads
 * otherwise (`0b101`, `+.5`), no empty list item (`- ` alone on a line or `- -`, which
 * js-yaml can misnest), no error at all, a mapping at the top, and no number or
 * true/false in a `command` or `env`. Anything else, and every error, goes the slow way.
 * test/engine/config-yaml-fast.test.ts holds the two readings equal over every YAML block of
 * the README, the demo config and thousands of generated configs.
 */
export async function readPlainYaml(text: string): Promise<Record<string, unknown> | undefined> {
  if (NOT_PLAIN.test(text) || COMPACT_EMPTY_ITEM.test(text)) return undefined;
  const jsYaml = (await import('js-yaml')).default;
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const resources = (value as Record<string, unknown>).resources;
  if (Array.isArray(resources)) {
    for (const resource of resources) {
      if (typeof resource !== 'object' || resource === null) continue;
      for (const field of TEXT_FIELDS) {
        const items = (resource as Record<string, unknown>)[field];
        if (typeof items !== 'object' || items === null) continue;
        if (Object.values(items).some((item) => typeof item === 'number' || typeof item === 'boolean')) return undefined;
      }
    }
  }
  return value as Record<string, unknown>;
}

/** The slow reading alone, as parseYamlText does it when readPlainYaml declines (for the tests that hold the two equal). */
export async function readYamlDocument(text: string): Promise<unknown> {
  return parseYamlDocument((await import('yaml')).default, text);
}

async function parseYamlText(text: string, path: string): Promise<unknown> {
  const plain = await readPlainYaml(text);
  if (plain !== undefined) return plain;
  // `.default`: yaml is a CommonJS package, and a bundled import() of one gives only its `module.exports` as the default.
  const yaml = (await import('yaml')).default;
  const { YAMLParseError } = yaml;
  try {
    return parseYamlDocument(yaml, text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const position = error.linePos?.[0];
      const reason = yamlReason(error);
      if (position) throw locatedAt(text, position.line, position.col, reason).toError(path);
      throw new ConfigFileError(`cannot parse config ${path}: ${reason}`, { path });
    }
    const message = (error as Error).message ?? String(error);
    if (/excessive alias count/i.test(message)) {
      throw new ConfigFileError(`cannot parse config ${path}: its aliases (*name) expand into each other more than 100 times, the shape of a "billion laughs" attack: write the values out`, { path });
    }
    if (error instanceof RangeError) throw new ConfigFileError(`cannot parse config ${path}: nested too deeply to read: is this the right file?`, { path });
    throw new ConfigFileError(`cannot parse config ${path}: ${message}`, { path });
  }
}

function yamlReason(error: YAMLParseError): string {
  const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
  if (/maximum call stack/i.test(message)) return `nested too deeply to read (a config is a few levels deep): is this the right file?`;
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'a tab used to indent: YAML indents with spaces only';
    case 'DUPLICATE_KEY':
      return 'the same key twice in one mapping: keep one';
    case 'MULTIPLE_DOCS':
      return 'a second YAML document (a line `---`): a config is one document, remove the `---` or split the file';
    default:
      return message;
  }
}

interface Located {
  toError(path: string): ConfigFileError;
}

function located(text: string, offset: number, reason: string): Located {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(0, lineStart).split('\n').length;
  return locatedAt(text, line, offset - lineStart + 1, reason);
}

/** `cannot parse config PATH, line 3, column 5: REASON` and the line with a caret under column 5. */
function locatedAt(text: string, line: number, column: number, reason: string): Located {
  const source = (text.split(/\r?\n/)[line - 1] ?? '').replace(/\t/g, ' ');
  // A very long line (minified JSON) is shown around the spot, not in full.
  const start = Math.max(0, column - 60);
  const shown = `${start > 0 ? '…' : ''}${source.slice(start, column + 40)}${source.length > column + 40 ? '…' : ''}`;
  const caretAt = column - 1 - start + (start > 0 ? 1 : 0);
  const gutter = String(line);
  const snippet = `  ${gutter} | ${shown}\n  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, caretAt))}^`;
  return {
    toError: (path) => new ConfigFileError(`cannot parse config ${path}, line ${line}, column ${column}: ${reason}\n${snippet}`, { path, line, column }),
  };
}

/** One place nested deeper than MAX_CONFIG_DEPTH: its path, or undefined when the value is shallow. Iterative, so depth itself cannot overflow the stack. */
export function tooDeep(value: unknown, base = ''): string | undefined {
  const stack: { node: unknown; depth: number; path: string }[] = [{ node: value, depth: 0, path: base }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_CONFIG_DEPTH) return path;
    if (Array.isArray(node)) node.forEach((item, index) => stack.push({ node: item, depth: depth + 1, path: `${path}[${index}]` }));
    else for (const [key, item] of Object.entries(node)) stack.push({ node: item, depth: depth + 1, path: path ? `${path}.${key}` : key });
  }
  return undefined;
}
