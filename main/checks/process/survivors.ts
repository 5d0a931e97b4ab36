/**
 * Finds the processes a check left behind, even those that left its process group
 * (`setsid`, a double fork into a new session, a daemon): every process a check starts
 * inherits an environment variable whose value is unique to that check, the way Jenkins'
 * ProcessTreeKiller finds escaped build processes. On Linux, /proc/<pid>/environ shows
 * each process's environment, so the check's processes are found by that mark wherever
 * they went. Other systems have no such view; there the process group is all there is.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';

/** The environment variable that marks a check's processes. */
export const CHECK_MARK = 'BACKSTOP_CHECK_ID';

let checksMarked = 0;
let processMark: string | undefined;

/** A value no other check, in this run or another Backstop's (even one long gone), will have. */
export function newCheckMark(): string {
  processMark ??= `${process.pid}-${randomBytes(6).toString('hex')}`;
  checksMarked += 1;
  return `${processMark}-${checksMarked}`;
}

export interface MarkedProcess {
  pid: number;
  /** Its process group. */
  group: number;
  /** Its command line, as `ps` would show it: `sleep 9872`. */
  command: string;
}

const PROC = '/proc';

/** Pids known to be another check's commands, not processes of the check being searched for. */
export interface KnownPids {
  /** Other checks' commands now running (each carries its own check's mark). */
  running?: ReadonlySet<number>;
  /** Pids the other checks' commands were given since this check's command started, running or not. */
  startedSince?: ReadonlySet<number>;
}

interface Search {
  found: MarkedProcess[];
  /**
   * Every pid handed out since the command's was looked at, and none of them runs but other checks'
   * commands: nothing the command started is left, marked or not, in its process group or out of it.
   */
  noneLeft: boolean;
}

/**
 * Every process whose environment carries `CHECK_MARK=mark`, once the command `commandPid` has
 * exited. Only processes started after it can carry the mark, and Linux hands out pids in
 * increasing order until they wrap around, so unless they have wrapped since then only higher
 * pids are read. `known` names processes known to be someone else's (the other checks' commands).
 */
function search(mark: string, commandPid: number, known: KnownPids): Search {
  const found: MarkedProcess[] = [];
  const { pids, alone, lastPid } = candidates(commandPid, known);
  if (pids.length > 0) {
    const needle = Buffer.from(`${CHECK_MARK}=${mark}\0`);
    for (const pid of pids) {
      const environment = readEnvironment(pid);
      if (!environment?.includes(needle)) continue;
      const marked = describe(pid);
      if (marked) found.push(marked);
    }
  }
  // No pid handed out while the range was read: no process was starting (forking) unseen meanwhile.
  return { found, noneLeft: alone && lastPidHandedOut() === lastPid };
}

/** Up to this many pids handed out since the check began are looked up one by one; more, and /proc is listed. */
const LOOKUPS = 256;

/**
 * The pids to read. `alone`: the pids handed out since `commandPid` were looked up one by one up
 * to `lastPid`, and each is gone or another check's command. The command's descendants all have
 * such pids (until pids wrap around), and only they can join its process group (a new session of
 * its own). The command itself has exited, and until pids wrap around its pid is no one else's.
 */
function candidates(commandPid: number, known: KnownPids): { pids: number[]; alone: boolean; lastPid: number | undefined } {
  const lastPid = lastPidHandedOut();
  const { running = new Set<number>(), startedSince = new Set<number>() } = known;
  // Someone else's processes cannot be read, and need not be tried (root reads them all).
  const ownUid = process.getuid?.() ?? 0;
  const sequential = lastPid !== undefined && lastPid >= commandPid;
  let alone = sequential;
  const readable = (pid: number, listed: boolean) => {
    // Pids handed out since the command's are each given once until they wrap around: then, the
    // commands started since are certainly theirs. Past a wrap, only running ones are.
    if (pid === process.pid || running.has(pid) || (sequential && startedSince.has(pid))) return false;
    if (listed && ownUid === 0) return true;
    const info = statSync(`${PROC}/${pid}`, { throwIfNoEntry: false });
    if (info === undefined) return false;
    alone = false;
    return ownUid === 0 || info.uid === ownUid;
  };
  if (sequential && lastPid - commandPid < LOOKUPS) {
    const pids: number[] = [];
    for (let pid = commandPid + 1; pid <= lastPid; pid++) if (readable(pid, false)) pids.push(pid);
    return { pids, alone, lastPid };
  }
  // Unless pids have wrapped around since (or the kernel does not say), only the higher ones can be the check's.
  const lowest = sequential ? commandPid : 0;
  try {
    const pids = readdirSync(PROC)
      .map(Number)
      .filter((pid) => pid >= lowest && readable(pid, true)); // NaN, the entries that are not processes, never is
    return { pids, alone: false, lastPid };
  } catch {
    return { pids: [], alone: false, lastPid };
  }
}

/** The last pid handed out in this pid namespace, if the kernel says. */
function lastPidHandedOut(): number | undefined {
  lastPidFile ??= openLastPid();
  if (lastPidFile === null) return undefined;
  try {
    const length = readSync(lastPidFile.fd, lastPidFile.text, 0, lastPidFile.text.length, 0);
    const pid = length > 0 ? Number(lastPidFile.text.toString('latin1', 0, length)) : NaN;
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * /proc/sys/kernel/ns_last_pid, opened on first use and kept open: each read from its start
 * says the value of that moment, so a search costs one read instead of an open, a read and a
 * close. Null where it cannot be opened.
 */
let lastPidFile: { fd: number; text: Buffer } | null | undefined;

function openLastPid(): { fd: number; text: Buffer } | null {
  try {
    return { fd: openSync(`${PROC}/sys/kernel/ns_last_pid`, 'r'), text: Buffer.alloc(16) };
  } catch {
    return null;
  }
}

/** Kept between reads, grown when an environment is larger; made on first use. */
let buffer: Buffer | undefined;

/** /proc/<pid>/environ, read into a buffer kept between calls; undefined when the process is gone or not ours to read. */
function readEnvironment(pid: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(`${PROC}/${pid}/environ`, 'r');
  } catch {
    return undefined;
  }
  try {
    buffer ??= Buffer.allocUnsafe(64 * 1024);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function describe(pid: number): MarkedProcess | undefined {
  try {
    // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`${PROC}/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') return undefined; // already dead, waiting to be reaped
    const argv = readFileSync(`${PROC}/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, group: Number(group), command: shorten(argv.length ? argv.join(' ') : comm) };
  } catch {
    return undefined; // it ended meanwhile
  }
}

function shorten(command: string, max = 120): string {
  return command.length > max ? `${command.slice(0, max - 1)}…` : command;
}

/**
 * Once the command `commandPid` has exited: kills (SIGKILL) every process carrying `mark`, except
 * members of `spareGroup` (a group being ended by its own signals) and those in `killedBefore`
 * (killed by an earlier call: while a killed process exits it is still listed, without its command
 * line, so it would be named again, only worse), and looks again until none is left: a process
 * may fork between one look and the kill. Returns each process killed, once, and
 * whether the first look proved that nothing at all is left of the command (see `Search.noneLeft`):
 * then its group is empty too.
 */
export function killMarked(
  mark: string,
  commandPid: number,
  kill: (pid: number, signal: NodeJS.Signals) => void,
  options: { spareGroup?: number; known?: KnownPids; killedBefore?: { has(pid: number): boolean } } = {},
): { killed: MarkedProcess[]; noneLeft: boolean } {
  const { spareGroup, known = {}, killedBefore } = options;
  const killed = new Map<number, MarkedProcess>();
  for (let look = 0; look < 5; look++) {
    const { found: all, noneLeft } = search(mark, commandPid, known);
    if (look === 0 && noneLeft) return { killed: [], noneLeft };
    const found = all.filter((marked) => marked.group !== spareGroup && !killed.has(marked.pid) && !killedBefore?.has(marked.pid));
    if (found.length === 0) break;
    for (const marked of found) {
      try {
        kill(marked.pid, 'SIGKILL');
        killed.set(marked.pid, marked);
      } catch {
        // ended by itself meanwhile
      }
    }
  }
  return { killed: [...killed.values()], noneLeft: false };
}
