/**
 * Everything about running a command that differs between Linux, macOS and Windows, in one
 * place: which shell runs a command string and how, the spawn options, how a command and
 * everything it started are ended, and which Node.js runs a `node` script.
 *
 * The platform is injected (`useProcessPlatform`), so the Windows and macOS paths are
 * exercised by tests on any machine: a test passes a recording `spawn` and the `os` it wants.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The program that runs a `node` command: Backstop's own Node.js, and what it needs in its environment. */
export interface NodeRuntime {
  file: string;
  env: Record<string, string>;
}

export interface ProcessPlatform {
  /** `process.platform`. */
  os: NodeJS.Platform;
  spawn(file: string, args: readonly string[], options: SpawnOptions): ChildProcess;
  /** `process.kill`: a negative pid signals a process group. Throws ESRCH when nothing is there. */
  kill(pid: number, signal: NodeJS.Signals): void;
  /** What runs a command list whose program is `node`; undefined: `node` is looked up on PATH like any program. */
  node: NodeRuntime | undefined;
  /** Bytes a new program's arguments and environment may take together (ARG_MAX); unused on Windows. */
  argMaxBytes(): number;
}

let current: ProcessPlatform | undefined;

/** The platform process checks run on: the host's, unless a test or the desktop app set another. */
export function processPlatform(): ProcessPlatform {
  current ??= hostPlatform();
  return current;
}

/** Replaces the platform (tests; the desktop app naming its Node.js runtime). Returns a function that restores the previous one. */
export function useProcessPlatform(platform: ProcessPlatform): () => void {
  const previous = current;
  current = platform;
  return () => {
    current = previous;
  };
}

/** The machine Backstop runs on. */
export function hostPlatform(): ProcessPlatform {
  return {
    os: process.platform,
    spawn: (file, args, options) => nodeSpawn(file, args, options),
    kill: (pid, signal) => process.kill(pid, signal),
    node: ownNodeRuntime(),
    argMaxBytes: () => (process.platform === 'linux' ? linuxArgMax() : process.platform === 'darwin' ? 1024 * 1024 : 256 * 1024),
  };
}

/**
 * Plain Node (the CLI): its own binary. Inside Electron (the desktop app) `process.execPath` is the
 * app itself, which runs scripts only with ELECTRON_RUN_AS_NODE, and the packaged app turns that
 * off (the runAsNode fuse): starting it would open a second copy of the app. So there `node` is
 * looked up on PATH, unless the app names a runtime with `useProcessPlatform`.
 */
function ownNodeRuntime(): NodeRuntime | undefined {
  return process.versions.electron === undefined ? { file: process.execPath, env: {} } : undefined;
}

let linuxArgMaxCache: number | undefined;

/**
 * Linux allows arguments and environment together a quarter of the stack limit, at most
 * 6 MiB (fs/exec.c); the usual 8 MiB stack gives 2 MiB.
 */
function linuxArgMax(): number {
  if (linuxArgMaxCache !== undefined) return linuxArgMaxCache;
  let stack = 8 * 1024 * 1024;
  try {
    const line = /^Max stack size\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (line?.[1] === 'unlimited') stack = Infinity;
    else if (line?.[1] && Number(line[1]) > 0) stack = Number(line[1]);
  } catch {
    // No /proc: keep the usual default.
  }
  linuxArgMaxCache = Math.min(6 * 1024 * 1024, Math.max(128 * 1024, stack / 4));
  return linuxArgMaxCache;
}

// ---------------------------------------------------------------- shells

/** How a shell takes a command string. */
export type ShellKind = 'posix' | 'cmd' | 'powershell';

const SHELL_KINDS: Record<string, ShellKind> = {
  sh: 'posix',
  bash: 'posix',
  dash: 'posix',
  zsh: 'posix',
  ksh: 'posix',
  fish: 'posix',
  cmd: 'cmd',
  powershell: 'powershell',
  pwsh: 'powershell',
};

/** The shells a `shell` may name, for messages and the schema. */
export const SHELL_NAMES = Object.keys(SHELL_KINDS);

/** `bash`, `/usr/local/bin/bash`, `C:\Windows\System32\cmd.exe` → its kind; undefined for a program that is not a known shell. */
export function shellKind(shell: string): ShellKind | undefined {
  const name = shell
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.exe$/, '');
  return Object.hasOwn(SHELL_KINDS, name) ? SHELL_KINDS[name] : undefined;
}

/** What to start for one command. */
export interface Invocation {
  file: string;
  args: string[];
  /** How to name `file` when it cannot be found. */
  fileRole: 'command' | 'shell';
  /** Added to the environment (a Node.js runtime's own variables). */
  env: Record<string, string>;
  /** Windows: pass `args` to the program exactly as built (cmd.exe parses its own command line). */
  verbatim: boolean;
}

/**
 * A list runs directly; a string runs in `shell`, by default `/bin/sh`, or cmd.exe on Windows
 * (`%ComSpec%`, as Node's own `shell: true` does).
 */
export function invocation(
  command: string | readonly string[],
  shell: string | undefined,
  platform: ProcessPlatform,
  env: Readonly<Record<string, string | undefined>>,
): Invocation {
  if (typeof command !== 'string') {
    const [program, ...args] = command;
    if (program === 'node' && platform.node) return { file: platform.node.file, args, fileRole: 'command', env: platform.node.env, verbatim: false };
    return { file: program!, args, fileRole: 'command', env: {}, verbatim: false };
  }
  const windows = platform.os === 'win32';
  const file = shell ?? (windows ? comSpec(env) : '/bin/sh');
  const kind = shellKind(file) ?? 'posix';
  const common = { file, fileRole: 'shell' as const, env: {} };
  switch (kind) {
    case 'cmd':
      // /d: no AutoRun commands from the registry; /s /c "…": everything between the outer quotes is the command.
      return { ...common, file: file === 'cmd' && windows ? comSpec(env) : file, args: ['/d', '/s', '/c', `"${command}"`], verbatim: windows };
    case 'powershell':
      // No profile and no prompts; on Windows a script the command calls (.\check.ps1) is not refused by the execution policy.
      return {
        ...common,
        args: ['-NoLogo', '-NoProfile', '-NonInteractive', ...(windows ? ['-ExecutionPolicy', 'Bypass'] : []), '-Command', command],
        verbatim: false,
      };
    case 'posix':
      return { ...common, args: ['-c', command], verbatim: false };
  }
}

function comSpec(env: Readonly<Record<string, string | undefined>>): string {
  return env.ComSpec ?? env.COMSPEC ?? 'cmd.exe';
}

// ---------------------------------------------------------------- starting and ending

/**
 * POSIX: the command leads a new process group (detached: setsid), so the group can be ended
 * as one. Windows: `detached` would open a console window, so the command stays attached and
 * hidden, and its tree is ended with taskkill.
 */
export function spawnOptions(platform: ProcessPlatform, cwd: string, env: Record<string, string>, verbatim: boolean): SpawnOptions {
  const common: SpawnOptions = { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] };
  if (platform.os === 'win32') return { ...common, windowsHide: true, ...(verbatim ? { windowsVerbatimArguments: true } : {}) };
  return { ...common, detached: true };
}

/**
 * Ends the command `pid` and what it started. POSIX: signals its process group; false when the
 * group was already empty. Windows: `taskkill /T /F /PID`, which ends the process and its
 * descendants (forcibly: console programs have no SIGTERM); true once taskkill is started.
 */
export function endTree(platform: ProcessPlatform, pid: number, signal: 'SIGTERM' | 'SIGKILL'): boolean {
  if (platform.os === 'win32') {
    try {
      const taskkill = platform.spawn('taskkill', ['/T', '/F', '/PID', String(pid)], { stdio: 'ignore', windowsHide: true });
      taskkill.on('error', () => {}); // taskkill missing: nothing more can be done, and the run goes on
      return true;
    } catch {
      return false;
    }
  }
  try {
    platform.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already empty
  }
}
