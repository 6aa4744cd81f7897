import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupParent } from './cgroup';
import { createLimits } from './limits';
import { processTree } from './watchdog';

const MOUNTS_V1 = [
  'cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0',
  'cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0',
  'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0',
].join('\n');
const SELF_V1 = '8:pids:/\n4:memory:/process_api/abc\n0::/\n';
/** Allocates typed arrays, which V8's heap cap does not count, far past the caps below. */
const HOG = 'const k = []; for (let i = 0; i < 40; i++) k.push(new Float64Array(12_500_000).fill(i));';
const CAP_MB = 200;

describe('finding the cgroup to cap a kata in', () => {
  it('should take the v1 memory and pids controllers where they are mounted, under this process’s own group', () => {
    const fs = { mounts: MOUNTS_V1, self: SELF_V1 };
    expect(cgroupParent(fs, 'memory')).toEqual({ dir: '/sys/fs/cgroup/memory/process_api/abc', version: 1 });
    expect(cgroupParent(fs, 'pids')).toEqual({ dir: '/sys/fs/cgroup/pids', version: 1 });
  });

  it('should fall back to the unified v2 hierarchy', () => {
    const fs = { mounts: 'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0', self: '0::/user.slice/me\n' };
    expect(cgroupParent(fs, 'memory')).toEqual({ dir: '/sys/fs/cgroup/user.slice/me', version: 2 });
    expect(cgroupParent({ mounts: '', self: '' }, 'memory')).toBeUndefined();
  });

  it('should write the caps, join the group before exec, read the OOM counter and clean up', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cgroupfs-'));
    try {
      mkdirSync(path.join(root, 'memory'));
      mkdirSync(path.join(root, 'pids'));
      const fs = { mounts: MOUNTS_V1.replaceAll('/sys/fs/cgroup', root), self: '8:pids:/\n4:memory:/\n' };
      const limits = createLimits({ memoryMb: 64, maxProcesses: 9 }, fs);
      expect(limits.kind).toBe('cgroup v1 (memory, pids)');
      const [group] = readdirSync(path.join(root, 'memory'));
      const dir = path.join(root, 'memory', group!);
      expect(readFileSync(path.join(dir, 'memory.limit_in_bytes'), 'utf8')).toBe(String(64 * 1024 * 1024));
      expect(readFileSync(path.join(root, 'pids', group!, 'pids.max'), 'utf8')).toBe('9');
      expect(limits.wrap(['node', 'x'])).toEqual([
        '/bin/sh',
        '-c',
        expect.stringContaining('exec "$@"'),
        'sh',
        path.join(dir, 'cgroup.procs'),
        path.join(root, 'pids', group!, 'cgroup.procs'),
        '--',
        'node',
        'x',
      ]);
      expect(limits.breached()).toBeUndefined();
      writeFileSync(path.join(dir, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n');
      expect(limits.breached()).toBe('memory');
      rmSync(path.join(dir, 'memory.oom_control'));
      for (const f of ['memory.limit_in_bytes', 'memory.memsw.limit_in_bytes'])
        rmSync(path.join(dir, f), { force: true });
      rmSync(path.join(root, 'pids', group!, 'pids.max'));
      limits.dispose();
      expect(existsSync(dir)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Runs the hog under the caps, the way a graded run starts its worker. */
function hogUnder(limits: ReturnType<typeof createLimits>) {
  const [command, ...args] = limits.wrap([process.execPath, '-e', HOG]);
  return spawnSync(command!, args, { stdio: 'ignore', timeout: 60_000 });
}

const ownMemoryCgroup = () => {
  try {
    const line = readFileSync('/proc/self/cgroup', 'utf8').match(/:memory:(.*)/)?.[1];
    return line !== undefined && existsSync(path.join('/sys/fs/cgroup/memory', line));
  } catch {
    return false;
  }
};

describe('capping memory that the V8 heap cap does not see', () => {
  it.runIf(ownMemoryCgroup())('should stop 4 GB of typed arrays at a cgroup cap', () => {
    const limits = createLimits({ memoryMb: CAP_MB, maxProcesses: 64 });
    try {
      expect(limits.kind).toMatch(/^cgroup/);
      const run = hogUnder(limits);
      expect(run.signal ?? run.status).not.toBe(0);
      expect(limits.breached()).toBe('memory');
    } finally {
      limits.dispose();
    }
  });

  it.runIf(process.platform === 'linux')(
    'should stop them with the /proc watchdog where no cgroup can be made',
    async () => {
      const limits = createLimits({ memoryMb: CAP_MB, maxProcesses: 64 }, null);
      expect(limits.kind).toMatch(/^watchdog/);
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['-e', `${HOG} setTimeout(() => {}, 60000)`], { stdio: 'ignore' });
      limits.watch(child.pid!);
      const signal = await new Promise((done) => child.once('exit', (_code, s) => done(s)));
      limits.dispose();
      expect(signal).toBe('SIGKILL');
      expect(limits.breached()).toBe('memory');
    },
  );

  it.runIf(process.platform === 'linux')('should see a process’s descendants in /proc', () => {
    expect(processTree(process.pid)).toContain(process.pid);
    expect(processTree(1).length).toBeGreaterThan(1);
  });
});
