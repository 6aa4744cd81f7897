/**
 * Calls back when a file in the watched folders changes: native change events by default, or stat
 * polling where those are unreliable (WSL's /mnt drives, network shares, some containers).
 * Bursts of events (an editor's save is often several) are merged into one call.
 */
import { readdirSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchOptions {
  poll: boolean;
  /** Polling period, ms. */
  intervalMs: number;
  /** Quiet period that ends a burst, ms. */
  debounceMs: number;
}

export const DEFAULT_WATCH: WatchOptions = { poll: false, intervalMs: 500, debounceMs: 150 };

/** WSL reports itself in /proc/version; its Windows drives drop inotify events. */
export function pollingAdvised(procVersion: string, cwd: string): boolean {
  return /microsoft|wsl/i.test(procVersion) && cwd.startsWith('/mnt/');
}

const watchable = (name: string) => name.endsWith('.ts') && !name.startsWith('.');

export function watchFolders(
  folders: string[],
  onChange: (file: string) => void,
  options: WatchOptions = DEFAULT_WATCH,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  const fire = (file: string) => {
    last = file;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(last), options.debounceMs);
  };
  const closers: (() => void)[] = [];
  for (const folder of folders) {
    if (options.poll) {
      for (const name of readdirSync(folder).filter(watchable)) {
        const file = path.join(folder, name);
        watchFile(
          file,
          { interval: options.intervalMs },
          (now, before) => now.mtimeMs !== before.mtimeMs && fire(file),
        );
        closers.push(() => unwatchFile(file));
      }
    } else {
      const watcher: FSWatcher = watch(
        folder,
        (_event, name) => name && watchable(String(name)) && fire(path.join(folder, String(name))),
      );
      closers.push(() => watcher.close());
    }
  }
  return () => {
    clearTimeout(timer);
    closers.forEach((close) => close());
  };
}
