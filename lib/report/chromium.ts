/**
 * Headless Chromium from the system (Debian's `chromium` package, Chrome or Edge on macOS and
 * Windows), driven by its command line: a screenshot of a page, or the DOM after the page loaded.
 * No browser download, no extra package.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where each platform's Chromium-based browsers install themselves, most specific first. */
function candidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome'];
    const home = env.HOME ? [path.join(env.HOME, 'Applications')] : [];
    return ['/Applications', ...home].flatMap((dir) => apps.map((app) => path.join(dir, app)));
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => !!r);
    const apps = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe'];
    const edge = 'Microsoft\\Edge\\Application\\msedge.exe';
    return [
      ...roots.flatMap((root) => apps.map((app) => path.win32.join(root, app))),
      ...roots.map((r) => path.win32.join(r, edge)),
    ];
  }
  return ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].flatMap((name) => [
    `/usr/bin/${name}`,
    `/snap/bin/${name}`,
  ]);
}

/** Offline, quiet, and able to run as root in a container. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--disable-dev-shm-usage',
];
const BROWSER_TIMEOUT_MS = 60_000;

/** CHROMIUM_PATH, else the first Chromium-based browser installed where this platform puts them. */
export function findChromium(
  env = process.env,
  platform = process.platform,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return candidates(platform, env).find(exists);
}

/** Runs Chromium without blocking: the page may come from a server in this very process. */
async function runChromium(executable: string, args: string[]): Promise<string> {
  const profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  try {
    const child = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: BROWSER_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    if (code !== 0) throw new Error(`chromium exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function screenshot(
  executable: string,
  url: string,
  file: string,
  width = 1280,
  height = 1600,
): Promise<void> {
  await runChromium(executable, [`--screenshot=${file}`, `--window-size=${width},${height}`, url]);
}

export function dumpDom(executable: string, url: string): Promise<string> {
  return runChromium(executable, ['--dump-dom', url]);
}
