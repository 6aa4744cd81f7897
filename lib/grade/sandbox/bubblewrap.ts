/**
 * The sandbox of one graded kata: bubblewrap (Linux) with every namespace of its own — no network,
 * its own PID namespace (when its first process ends, the kernel ends every process in it, detached
 * or not), a private /tmp, no capabilities, the user `nobody` — and a filesystem that holds only
 * the system's programs and libraries, read-only, plus what the grader binds in: node_modules and
 * the grader's stage read-only, and the kata's own folder, writable and empty: a tmpfs, like /tmp, so
 * what the kata writes counts toward its memory cap and vanishes with the sandbox.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface SandboxLayout {
  /** Host paths bound read-only at the same path inside. */
  readOnly: string[];
  /** Folders that are writable inside (each an empty tmpfs); nothing is written to the host. */
  writable: string[];
  cwd: string;
}

const NOBODY = '65534';
/** The system's own programs and libraries; nothing of any user's. */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
const SYSTEM_FILES = ['/etc/ld.so.cache', '/etc/localtime'];

/** Node itself, when it is not under /usr (nvm, a tarball): its install folder, read-only. */
function nodeInstall(): string[] {
  const real = realpathSync(process.execPath);
  return real.startsWith('/usr/') ? [] : [path.dirname(path.dirname(real))];
}

function systemBinds(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    // Merged /usr: /bin and /lib are links into /usr, and stay links inside.
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  for (const file of SYSTEM_FILES) args.push('--ro-bind-try', file, file);
  return args;
}

/** The bwrap command line that runs what follows it inside the sandbox. */
export function bubblewrapPrefix(layout: SandboxLayout): string[] {
  return [
    'bwrap',
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--uid',
    NOBODY,
    '--gid',
    NOBODY,
    '--hostname',
    'sandbox',
    ...systemBinds(),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    ...[...nodeInstall(), ...layout.readOnly].flatMap((p) => ['--ro-bind', p, p]),
    ...layout.writable.flatMap((dir) => ['--tmpfs', dir]),
    '--dir',
    layout.cwd,
    '--chdir',
    layout.cwd,
    '--',
  ];
}

export type SandboxSupport = { available: true } | { available: false; reason: string; fix: string };

/** Starting node in a sandbox takes well under a second; a loaded machine gets room. */
const PROBE_TIMEOUT_MS = 20_000;
let probed: SandboxSupport | undefined;

/** Whether this machine can start the sandbox: bubblewrap present and allowed to make its namespaces. */
export function sandboxSupport(platform: NodeJS.Platform = process.platform): SandboxSupport {
  if (platform !== 'linux') {
    const os = platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform;
    return {
      available: false,
      reason: `there is no sandbox for ${os}`,
      fix: 'grade on Linux with bubblewrap (a CI runner does), or pass --no-sandbox to grade unsandboxed',
    };
  }
  if (probed) return probed;
  const [command, ...args] = bubblewrapPrefix({ readOnly: [], writable: [], cwd: '/' });
  const probe = spawnSync(command!, [...args, process.execPath, '-e', '0'], {
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
  });
  if (probe.status === 0) probed = { available: true };
  else {
    const missing = (probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    probed = {
      available: false,
      reason: missing
        ? 'bubblewrap (bwrap) is not installed'
        : `bubblewrap could not start (${(probe.stderr || String(probe.error ?? probe.status)).trim().split('\n')[0]})`,
      fix: missing
        ? 'install it (sudo apt-get install bubblewrap), or pass --no-sandbox to grade unsandboxed'
        : 'allow unprivileged user namespaces (or run the grader as root), or pass --no-sandbox to grade unsandboxed',
    };
  }
  return probed;
}
