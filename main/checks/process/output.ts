/**
 * A command's output: captured up to a cap without ever blocking the command, the end of it
 * kept in arrival order for error messages, and the words that describe how a run ended.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { formatBytes } from '../../../shared/words.js';

/** About 1 MiB of each stream is kept; the rest is read and discarded so the child never blocks on a full pipe. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;
/** Characters of combined output, in arrival order, kept for error messages. */
export const TAIL_CHARS = 4096;

export interface CapturedOutput {
  /** The first `outputCapBytes` bytes, decoded as UTF-8. */
  text: string;
  /** Bytes the stream carried in total. */
  bytes: number;
  truncated: boolean;
}

export type StreamName = 'stdout' | 'stderr';
const STREAMS: readonly StreamName[] = ['stdout', 'stderr'];

/** Characters of a line's start kept to tell whether it is a protocol line. */
const HEAD_CHARS = 64;

/**
 * The last lines of stdout and stderr together, whole lines in the order they arrived. Lines of
 * stdout that `hide` matches (the protocol's own lines) are left out before anything is dropped,
 * so a flood of them never pushes the command's last words out. A line is judged by its start,
 * which is kept even when the middle of a huge line is skipped.
 */
export class OutputTail {
  private kept = '';
  private readonly lines: Record<StreamName, { head: string; text: string }> = { stdout: { head: '', text: '' }, stderr: { head: '', text: '' } };

  constructor(
    private readonly limit: number,
    private readonly hide: (line: string) => boolean = () => false,
  ) {}

  write(stream: StreamName, text: string): void {
    const pieces = text.split('\n');
    const last = pieces.pop()!;
    for (const piece of pieces) {
      this.append(stream, piece);
      this.endLine(stream);
    }
    this.append(stream, last);
  }

  /**
   * Bytes of `stream` were skipped. `head` is the start of what was skipped; `restart`, when the
   * skipped bytes held a line break, is the start of the line after the last one.
   */
  skip(stream: StreamName, head: string, restart?: string): void {
    const line = this.lines[stream];
    if (line.head.length < HEAD_CHARS) line.head += head.slice(0, HEAD_CHARS - line.head.length);
    line.text = '';
    if (restart === undefined) return;
    this.endLine(stream);
    this.lines[stream].head = restart.slice(0, HEAD_CHARS);
  }

  text(): string {
    let text = this.kept;
    for (const stream of STREAMS) if (this.lines[stream].head) text += this.shown(stream) ?? '';
    text = text.slice(-this.limit);
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  }

  private append(stream: StreamName, piece: string): void {
    const line = this.lines[stream];
    if (line.head.length < HEAD_CHARS) line.head += piece.slice(0, HEAD_CHARS - line.head.length);
    line.text = (line.text + piece).slice(-this.limit);
  }

  /** The line in progress as it would be kept, or undefined when it is hidden. */
  private shown(stream: StreamName): string | undefined {
    const line = this.lines[stream];
    return stream === 'stdout' && this.hide(line.head) ? undefined : `${line.text}\n`;
  }

  private endLine(stream: StreamName): void {
    const shown = this.shown(stream);
    this.lines[stream] = { head: '', text: '' };
    if (shown === undefined) return;
    this.kept += shown;
    if (this.kept.length > 2 * this.limit) this.kept = this.kept.slice(-this.limit);
  }
}

/**
 * Reads `stream` to its end, keeping its first `cap` bytes and feeding the tail. `onLine` gets each
 * whole line of the kept bytes as it arrives, so what a command said before it was stopped counts.
 */
export function captureStream(stream: Readable, name: StreamName, cap: number, tail: OutputTail, onLine?: (line: string) => void): { result(): CapturedOutput } {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let totalBytes = 0;
  // Made with the first chunk: most commands write nothing at all to one of their two streams.
  let decoder: StringDecoder | undefined;
  let lineDecoder: StringDecoder | undefined;
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    totalBytes += chunk.length;
    if (keptBytes < cap) {
      const part = chunk.length <= cap - keptBytes ? chunk : chunk.subarray(0, cap - keptBytes);
      kept.push(part);
      keptBytes += part.length;
      if (onLine) {
        lineDecoder ??= new StringDecoder('utf8');
        const lines = (partial + lineDecoder.write(part)).split('\n');
        partial = lines.pop()!;
        for (const line of lines) onLine(line.replace(/\r$/, ''));
      }
    }
    if (chunk.length <= TAIL_CHARS) {
      decoder ??= new StringDecoder('utf8');
      tail.write(name, decoder.write(chunk));
      return;
    }
    // Only the end of a big chunk can reach the tail; decoding all of a 50 MB stream would be wasted work.
    // What is skipped only tells where lines start, so each line is still judged by its own start.
    const windowStart = chunk.length - TAIL_CHARS;
    const lastBreak = chunk.lastIndexOf(0x0a, windowStart - 1);
    const head = (from: number, to: number) => chunk.subarray(from, Math.min(to, from + HEAD_CHARS * 4)).toString('utf8');
    tail.skip(name, head(0, lastBreak === -1 ? windowStart : lastBreak), lastBreak === -1 ? undefined : head(lastBreak + 1, windowStart));
    decoder = new StringDecoder('utf8');
    tail.write(name, decoder.write(chunk.subarray(windowStart)));
  });
  return {
    result: () => ({
      text: kept.length < 2 ? (kept[0]?.toString('utf8') ?? '') : Buffer.concat(kept).toString('utf8'),
      bytes: totalBytes,
      truncated: totalBytes > keptBytes,
    }),
  };
}

/** What the words below need of a finished run. */
export interface RunEnding {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  outputCapBytes: number;
  /** The end of the output, see `OutputTail`. */
  tail: string;
}

/** `exit code 3` or `killed by signal SIGSEGV`. */
export function describeExit(run: Pick<RunEnding, 'exitCode' | 'exitSignal'>): string {
  return run.exitSignal ? `killed by signal ${run.exitSignal}` : `exit code ${run.exitCode ?? 'unknown'}`;
}

/** The end of the combined output, trimmed, for a result line: `…last words`. */
export function outputExcerpt(run: Pick<RunEnding, 'tail'>, maxChars = 500): string {
  const text = run.tail.trim();
  return text.length <= maxChars ? text : `…${text.slice(-maxChars).trimStart()}`;
}

/** ` (output truncated: stdout was 52.4 MB; only the first 1 MB of each is read)`, or '' when nothing was cut. */
export function truncationNote(run: Pick<RunEnding, 'stdout' | 'stderr' | 'outputCapBytes'>): string {
  const cut = [run.stdout.truncated ? `stdout was ${formatBytes(run.stdout.bytes)}` : '', run.stderr.truncated ? `stderr was ${formatBytes(run.stderr.bytes)}` : '']
    .filter(Boolean)
    .join(', ');
  return cut ? ` (output truncated: ${cut}; only the first ${formatBytes(run.outputCapBytes)} of each is read)` : '';
}

// ---------------------------------------------------------------- a shell that could not run the command

/**
 * How shells say they could not find the command they were asked to run, on the stderr line they
 * print: the name in `name`, and in `where` what printed it (`./check.sh: line 3`) where it says.
 */
const NOT_FOUND: readonly RegExp[] = [
  // env (a script's `#!/usr/bin/env python9`): "/usr/bin/env: ‘python9’: No such file or directory"
  /^(?<where>(?:\S*\/)?env): [‘'"]?(?<name>[^’'"]+)[’'"]?: No such file or directory$/,
  // dash, busybox: "sh: 1: foo: not found"; bash: "bash: line 1: foo: command not found", "./check.sh: line 3: ./x: No such file or directory"
  /^(?<where>.*?: (?:line )?\d+): (?<name>[^:]+): (?:command not found|not found|No such file or directory)$/,
  // bash, macOS sh: "sh: foo: command not found"
  /^(?<where>[^:]+): (?<name>[^:]+): (?:command not found|not found|No such file or directory)$/,
  // zsh: "zsh:1: command not found: foo"
  /^(?<where>[^:]+:\d+): (?:command not found|no such file or directory): (?<name>.+)$/,
  // cmd.exe: "'foo' is not recognized as an internal or external command,"
  /^'(?<name>.+)' is not recognized as an internal or external command/,
];
/** PowerShell, which exits 1: "The term 'foo' is not recognized as a name of a cmdlet, function, script file, or executable program." */
const POWERSHELL_NOT_FOUND = /The term '(?<name>.+?)' is not recognized as (?:the|a) name of a cmdlet/;
/** "sh: 1: ./check.sh: Permission denied", with exit code 126. */
const NOT_EXECUTABLE = /^(?<where>.*?)(?:: (?:line )?\d+)?: (?<name>[^:]+): Permission denied$/;

/** Exit codes with which a shell says it could not find a command: POSIX 127, cmd.exe 9009. */
const NOT_FOUND_CODES = new Set([127, 9009]);

/**
 * `command not found: foo` when a shell (or env) could not find the command it was asked to run,
 * and `command is not executable (permission denied): ./x.sh` when it could not execute it:
 * worded as Backstop words the same failures of a command list. Undefined for any other failure.
 * `shellName`, the shell that ran a command string, is no useful context in the message.
 */
export function shellCouldNotRun(run: Pick<RunEnding, 'exitCode' | 'exitSignal' | 'stderr'>, shellName?: string): string | undefined {
  const code = run.exitCode;
  if (run.exitSignal !== null || code === null || code === 0) return undefined;
  const ownNames = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'env', 'busybox', shellName ? basename(shellName) : '']);
  const context = (where: string | undefined) => (!where || ownNames.has(basename(where.split(':')[0]!.trim())) ? '' : ` (${where})`);
  const lines = run.stderr.text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).slice(-20).reverse();
  for (const line of lines) {
    const match =
      (NOT_FOUND_CODES.has(code) ? NOT_FOUND.map((pattern) => pattern.exec(line)).find(Boolean) : undefined) ?? POWERSHELL_NOT_FOUND.exec(line);
    if (match?.groups) return `command not found: ${match.groups.name!.trim()}${context(match.groups.where)}`;
    const denied = code === 126 ? NOT_EXECUTABLE.exec(line) : null;
    if (denied?.groups) return `command is not executable (permission denied): ${denied.groups.name!.trim()}${context(denied.groups.where)}`;
  }
  return undefined;
}

function basename(path: string): string {
  return path
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.exe$/, '');
}

