/**
 * The fallback where no cgroup can be made: a watchdog reads /proc every WATCH_INTERVAL_MS and kills
 * the capped process tree when its resident memory or its process count passes the cap. A burst faster
 * than that can overshoot the cap before the kill.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Breach, LimitRequest, ResourceLimits } from './limits';

export const WATCH_INTERVAL_MS = 200;
const PAGE_BYTES = 4096;
const MB = 1024 * 1024;

export function processTree(root: number, proc = '/proc'): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync(proc)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(path.join(proc, name, 'stat'), 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // It ended while we looked.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

const residentBytes = (pid: number, proc: string) => {
  try {
    return Number(readFileSync(path.join(proc, String(pid), 'statm'), 'utf8').split(' ')[1]) * PAGE_BYTES;
  } catch {
    return 0;
  }
};

export function watchdogLimits(request: LimitRequest, proc = '/proc'): ResourceLimits {
  const canWatch = existsSync(path.join(proc, 'self', 'statm'));
  let root: number | undefined;
  let breach: Breach | undefined;
  let timer: NodeJS.Timeout | undefined;
  const killAll = () => {
    if (root === undefined || !canWatch) return;
    for (const pid of processTree(root, proc).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  };
  return {
    kind: canWatch ? `watchdog (resident memory and process count every ${WATCH_INTERVAL_MS} ms)` : 'V8 heap cap only',
    wrap: (command) => command,
    watch: (pid) => {
      root = pid;
      if (!canWatch) return;
      timer = setInterval(() => {
        const tree = processTree(pid, proc);
        const bytes = tree.reduce((sum, p) => sum + residentBytes(p, proc), 0);
        const over: Breach | undefined =
          bytes > request.memoryMb * MB ? 'memory' : tree.length > request.maxProcesses ? 'processes' : undefined;
        if (over && !breach) {
          breach = over;
          killAll();
        }
      }, WATCH_INTERVAL_MS);
      timer.unref();
    },
    breached: () => breach,
    killAll,
    dispose: () => {
      if (timer) clearInterval(timer);
      killAll();
    },
  };
}
