/**
 * A vitest pool whose worker — the one process that imports the kata — starts inside the sandbox
 * (bubblewrap), while vitest's main process, its module server and its reporters stay outside it.
 * The worker talks to the main process only over its IPC channel; it gets its modules' code inline
 * (`cacheFs` off), so it needs no view of the main process's temporary files; and it gets only the
 * environment the grader chose. How it ended (a signal, an exit nobody asked for) goes to the report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';
import { appendReport } from './record-reporter';

export interface WorkerLaunch {
  /** Command and arguments before `node …`: the sandbox, or nothing. */
  prefix: string[];
  env: Record<string, string>;
  reportFile: string;
}

/** How long a worker that was asked to stop may take before it is killed. */
const STOP_GRACE_MS = 2000;

class SandboxedWorker implements PoolWorker {
  readonly name = 'sandboxed';
  readonly cacheFs = false;
  private child?: ChildProcess;
  private stopping = false;

  constructor(
    private readonly options: PoolOptions,
    private readonly launch: WorkerLaunch,
  ) {}

  private get process(): ChildProcess {
    if (!this.child) throw new Error('The sandboxed worker was not started.');
    return this.child;
  }

  on(event: string, callback: (arg: unknown) => void) {
    this.process.on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void) {
    this.process.off(event, callback);
  }

  send(message: WorkerRequest) {
    this.process.send(message);
  }

  deserialize(data: unknown) {
    return data;
  }

  async start() {
    if (this.child) return;
    const entry = path.resolve(this.options.distPath, 'workers/forks.js');
    const [command, ...prefix] = [...this.launch.prefix, process.execPath];
    const args = [...prefix, ...this.options.execArgv, entry];
    const child = spawn(command!, args, {
      env: this.launch.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const logger = this.options.project.vitest.logger;
    child.stdout?.pipe(logger.outputStream, { end: false });
    child.stderr?.pipe(logger.errorStream, { end: false });
    child.on('exit', (code, signal) =>
      appendReport(this.launch.reportFile, { type: 'worker-exit', code, signal, expected: this.stopping }),
    );
    this.child = child;
  }

  async stop() {
    const child = this.process;
    this.stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.kill();
      await exited;
      clearTimeout(kill);
    }
    child.stdout?.unpipe();
    child.stderr?.unpipe();
    this.child = undefined;
  }
}

export function sandboxPool(launch: WorkerLaunch): PoolRunnerInitializer {
  return { name: 'sandboxed', createPoolWorker: (options) => new SandboxedWorker(options, launch) };
}
