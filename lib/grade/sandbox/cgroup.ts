/**
 * Caps in a cgroup: a child of this process's own memory cgroup (v1 memory.limit_in_bytes with swap,
 * or v2 memory.max) and of its pids cgroup, joined by the capped command's first process before it
 * execs, so that everything it starts is inside. The OOM and pids counters say which cap was hit.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LimitRequest, ResourceLimits } from './limits';

const MB = 1024 * 1024;
let sequence = 0;

export interface CgroupFs {
  mounts: string;
  self: string;
}

export const hostCgroups = (): CgroupFs | undefined => {
  try {
    return { mounts: readFileSync('/proc/self/mounts', 'utf8'), self: readFileSync('/proc/self/cgroup', 'utf8') };
  } catch {
    return undefined;
  }
};

/** The folder of a new child of this process's cgroup for `controller` (v1), or of its v2 cgroup. */
export function cgroupParent(fs: CgroupFs, controller: string): { dir: string; version: 1 | 2 } | undefined {
  const mounts = fs.mounts.split('\n').map((l) => l.split(' '));
  const v1 = mounts.find((m) => m[2] === 'cgroup' && (m[3] ?? '').split(',').includes(controller));
  const own = fs.self.split('\n').map((l) => l.split(':'));
  if (v1) {
    const line = own.find((l) => (l[1] ?? '').split(',').includes(controller));
    if (line) return { dir: path.join(v1[1]!, line.slice(2).join(':')).replace(/(.)\/$/, '$1'), version: 1 };
  }
  const v2 = mounts.find((m) => m[2] === 'cgroup2');
  const line = own.find((l) => l[0] === '0' && l[1] === '');
  if (v2 && line) return { dir: path.join(v2[1]!, line.slice(2).join(':')).replace(/(.)\/$/, '$1'), version: 2 };
  return undefined;
}

const readNumber = (file: string, key: string): number => {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${key} `));
    return line ? Number(line.split(' ')[1]) : 0;
  } catch {
    return 0;
  }
};

const pidsIn = (group: string): number[] => {
  try {
    return readFileSync(path.join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

function makeGroup(parent: string, name: string, settings: Record<string, string>, optional: string[] = []): string {
  const dir = path.join(parent, name);
  mkdirSync(dir);
  try {
    for (const [file, value] of Object.entries(settings)) {
      try {
        writeFileSync(path.join(dir, file), value);
      } catch (error) {
        if (!optional.includes(file)) throw error;
      }
    }
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  return dir;
}

export function cgroupLimits(request: LimitRequest, fs: CgroupFs): ResourceLimits | undefined {
  const name = `kata-grade-${process.pid}-${++sequence}`;
  const bytes = String(request.memoryMb * MB);
  const memory = cgroupParent(fs, 'memory');
  if (!memory) return undefined;
  const groups: { dir: string; oom: () => number; pidsMax?: () => number }[] = [];
  try {
    if (memory.version === 1) {
      const dir = makeGroup(
        memory.dir,
        name,
        { 'memory.limit_in_bytes': bytes, 'memory.memsw.limit_in_bytes': bytes },
        ['memory.memsw.limit_in_bytes'],
      );
      groups.push({ dir, oom: () => readNumber(path.join(dir, 'memory.oom_control'), 'oom_kill') });
      const pids = cgroupParent(fs, 'pids');
      if (pids?.version === 1) {
        const pdir = makeGroup(pids.dir, name, { 'pids.max': String(request.maxProcesses) });
        groups.push({ dir: pdir, oom: () => 0, pidsMax: () => readNumber(path.join(pdir, 'pids.events'), 'max') });
      }
    } else {
      const dir = makeGroup(memory.dir, name, {
        'memory.max': bytes,
        'memory.swap.max': '0',
        'pids.max': String(request.maxProcesses),
      });
      groups.push({
        dir,
        oom: () => readNumber(path.join(dir, 'memory.events'), 'oom_kill'),
        pidsMax: () => readNumber(path.join(dir, 'pids.events'), 'max'),
      });
    }
  } catch {
    for (const g of groups) rmdirSync(g.dir);
    return undefined;
  }
  const killAll = () => {
    // A fork bomb may add processes while we kill: go round until every group is empty.
    for (let round = 0; round < 20 && groups.some((g) => pidsIn(g.dir).length); round++)
      for (const g of groups)
        for (const pid of pidsIn(g.dir)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone already.
          }
        }
  };
  const controllers = groups.length > 1 || memory.version === 2 ? 'memory, pids' : 'memory';
  return {
    kind: `cgroup v${memory.version} (${controllers})`,
    wrap: (command) => [
      '/bin/sh',
      '-c',
      'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"',
      'sh',
      ...groups.map((g) => path.join(g.dir, 'cgroup.procs')),
      '--',
      ...command,
    ],
    watch: () => {},
    breached: () => {
      if (groups.some((g) => g.oom() > 0)) return 'memory';
      return groups.some((g) => (g.pidsMax?.() ?? 0) > 0) ? 'processes' : undefined;
    },
    killAll,
    dispose: () => {
      killAll();
      for (const g of groups) removeGroup(g.dir);
    },
  };
}

function removeGroup(dir: string): void {
  // The kernel lets a cgroup go only once its last process is reaped, a moment after the kill.
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      if (existsSync(dir)) rmdirSync(dir);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Every process whose parent chain leads to `root`, read from /proc. */
