/**
 * Finds the processes a check left behind, even those that left its process group
 * (`setsid`, a double fork into a new session, a daemon): every process a check starts
 * inherits an environment variable whose value is unique to that check, the way Jenkins'
 * ProcessTreeKiller finds escaped build processes. On Linux, /proc/<pid>/environ shows
 * each process's environment, so the check's processes are found by that mark wherever
 * they went. Other systems have no such view; there the process group is all there is.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks a check's processes. */
export const CHECK_MARK = 'BACKSTOP_CHECK_ID';

let checksMarked = 0;

/** A value no other check, in this run or another Backstop's, will have. */
export function newCheckMark(): string {
  checksMarked += 1;
  return `${process.pid}-${checksMarked}-${randomBytes(6).toString('hex')}`;
}

export interface MarkedProcess {
  pid: number;
  /** Its process group. */
  group: number;
  /** Its command line, as `ps` would show it: `sleep 9872`. */
  command: string;
}

const PROC = '/proc';

/**
 * Every process whose environment carries `CHECK_MARK=mark`. Only processes started after
 * `firstPid` can carry it, and Linux hands out pids in increasing order until they wrap
 * around, so unless they have wrapped since then only higher pids are read.
 */
export function findMarked(mark: string, firstPid: number): MarkedProcess[] {
  const needle = Buffer.from(`${CHECK_MARK}=${mark}\0`);
  const lowest = pidsWrappedSince(firstPid) ? 0 : firstPid;
  let names: string[];
  try {
    names = readdirSync(PROC);
  } catch {
    return [];
  }
  const found: MarkedProcess[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (!(pid >= lowest) || pid === process.pid) continue; // also skips the non-numeric entries (NaN)
    let environment: Buffer;
    try {
      environment = readFileSync(`${PROC}/${name}/environ`);
    } catch {
      continue; // gone, or someone else's process
    }
    if (!environment.includes(needle)) continue;
    const marked = describe(pid);
    if (marked) found.push(marked);
  }
  return found;
}

/** True when the kernel's last pid is below `pid`: pids have wrapped around since it was handed out. */
function pidsWrappedSince(pid: number): boolean {
  try {
    return Number(readFileSync(`${PROC}/sys/kernel/ns_last_pid`, 'utf8')) < pid;
  } catch {
    return true; // cannot tell: read them all
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
 * Kills (SIGKILL) every process carrying `mark`, except members of `spareGroup` (a group being
 * ended by its own signals), and looks again until none is left: a process may fork between
 * one look and the kill. Returns each process killed, once.
 */
export function killMarked(mark: string, firstPid: number, kill: (pid: number, signal: NodeJS.Signals) => void, spareGroup?: number): MarkedProcess[] {
  const killed = new Map<number, MarkedProcess>();
  for (let look = 0; look < 5; look++) {
    const found = findMarked(mark, firstPid).filter((marked) => marked.group !== spareGroup && !killed.has(marked.pid));
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
  return [...killed.values()];
}
