/**
 * Ends a process and everything it started. On Linux and macOS a child spawned `detached` leads its
 * own process group, and one signal to the group ends them all; Windows has no process groups, so
 * there `taskkill /T /F` walks the tree. The platform and the command runner are parameters, so
 * that a test on Linux can check the Windows path.
 */
import { spawnSync } from 'node:child_process';

export interface KillSeam {
  platform: NodeJS.Platform;
  /** Runs a command to its end (taskkill); returns its exit status and error output. */
  run: (command: string, args: string[]) => { status: number | null; stderr: string };
  /** Sends a signal to a process (a negative pid: its group). */
  signal: (pid: number, signal: NodeJS.Signals) => void;
}

const host: KillSeam = {
  platform: process.platform,
  run: (command, args) => {
    const result = spawnSync(command, args, { encoding: 'utf8', windowsHide: true });
    return { status: result.status, stderr: result.stderr ?? String(result.error ?? '') };
  },
  signal: (pid, signal) => process.kill(pid, signal),
};

/** taskkill's exit status when the process is already gone (ERROR_NOT_FOUND). */
const TASKKILL_NOT_FOUND = 128;

/**
 * Kills `pid` and its descendants. Returns undefined when they are gone (or were gone already), or
 * a sentence saying why they could not be ended — a caller reports it, it is never swallowed.
 */
export function killTree(pid: number | undefined, seam: KillSeam = host): string | undefined {
  if (pid === undefined) return undefined;
  if (seam.platform === 'win32') {
    const { status, stderr } = seam.run('taskkill', ['/pid', String(pid), '/T', '/F']);
    if (status === 0 || status === TASKKILL_NOT_FOUND) return undefined;
    return `taskkill could not end process ${pid} (exit status ${status}): ${stderr.trim()}`;
  }
  try {
    seam.signal(-pid, 'SIGKILL');
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH') return `could not end process group ${pid}: ${(error as Error).message}`;
  }
  // No such group (the child was not started detached, or its group is gone): end the process itself.
  try {
    seam.signal(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH')
      return `could not end process ${pid}: ${(error as Error).message}`;
  }
  return undefined;
}

/** Waits for `promise`, or `ms` at most (then goes on without it); the timer never outlives the wait. */
export async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((done) => (timer = setTimeout(done, ms)))]);
  clearTimeout(timer);
}
