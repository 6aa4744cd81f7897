import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type KillSeam, killTree, waitAtMost } from './kill-tree';

/** A seam that records what would have been run or signalled. */
function fake(platform: NodeJS.Platform, outcome: { status?: number; signalError?: string } = {}) {
  const calls: string[] = [];
  const seam: KillSeam = {
    platform,
    run: (command, args) => {
      calls.push([command, ...args].join(' '));
      return { status: outcome.status ?? 0, stderr: 'Access is denied.' };
    },
    signal: (pid, signal) => {
      calls.push(`kill ${pid} ${signal}`);
      if (outcome.signalError && pid < 0)
        throw Object.assign(new Error(outcome.signalError), { code: outcome.signalError });
    },
  };
  return { seam, calls };
}

/** Running, not merely a zombie waiting to be reaped by whoever adopted it. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('ending a process tree', () => {
  it('should use taskkill /T /F on Windows, where there are no process groups', () => {
    const { seam, calls } = fake('win32');
    expect(killTree(1234, seam)).toBeUndefined();
    expect(calls).toEqual(['taskkill /pid 1234 /T /F']);
  });

  it('should take a process already gone on Windows as ended, and report any other taskkill failure', () => {
    expect(killTree(1234, fake('win32', { status: 128 }).seam)).toBeUndefined();
    expect(killTree(1234, fake('win32', { status: 1 }).seam)).toMatch(/taskkill could not end process 1234 .*denied/);
  });

  it('should signal the process group on Linux and macOS, and the process itself when it leads none', () => {
    expect(fake('linux').calls).toEqual([]);
    const group = fake('darwin');
    killTree(77, group.seam);
    expect(group.calls).toEqual(['kill -77 SIGKILL']);
    const lone = fake('linux', { signalError: 'ESRCH' });
    killTree(77, lone.seam);
    expect(lone.calls).toEqual(['kill -77 SIGKILL', 'kill 77 SIGKILL']);
    expect(killTree(77, fake('linux', { signalError: 'EPERM' }).seam)).toMatch(/could not end process group 77/);
  });

  it.runIf(process.platform === 'linux')('should end a real detached child and the process it started', async () => {
    const child = spawn('/bin/sh', ['-c', 'sleep 60 & echo $!; wait'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const grandchild = Number(await new Promise<string>((done) => child.stdout.once('data', (d) => done(String(d)))));
    expect(alive(grandchild)).toBe(true);
    expect(killTree(child.pid)).toBeUndefined();
    await waitAtMost(new Promise((done) => child.once('exit', done)), 5000);
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((done) => setTimeout(done, 20));
    expect(alive(grandchild)).toBe(false);
  });
});
