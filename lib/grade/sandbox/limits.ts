/**
 * The memory and process caps of one graded kata. V8's heap cap (`--max-old-space-size`) does not
 * count typed arrays or wasm memory, and RLIMIT_AS cannot be used (V8 reserves about 10 GB of address
 * space for each wasm memory: with an 8 GB RLIMIT_AS not even one can be made), so the caps are a
 * cgroup (./cgroup.ts) where one can be made, and a /proc watchdog (./watchdog.ts) where not.
 */
import { type CgroupFs, cgroupLimits, hostCgroups } from './cgroup';
import { watchdogLimits } from './watchdog';

export type Breach = 'memory' | 'processes';

export interface LimitRequest {
  memoryMb: number;
  maxProcesses: number;
}

export interface ResourceLimits {
  /** How the caps are enforced, for the report. */
  kind: string;
  /** The command, wrapped so that it starts inside the caps (what follows it is appended to it). */
  wrap(command: string[]): string[];
  /** Starts watching the process tree the capped command runs in (the watchdog; nothing for cgroups). */
  watch(pid: number): void;
  /** Which cap the run hit, if it hit one. */
  breached(): Breach | undefined;
  /** Kills every process inside the caps. */
  killAll(): void;
  dispose(): void;
}

/** The strongest caps this machine allows (`cgroups: null` asks for the watchdog). */
export function createLimits(
  request: LimitRequest,
  cgroups: CgroupFs | null | undefined = hostCgroups(),
): ResourceLimits {
  return (cgroups && cgroupLimits(request, cgroups)) || watchdogLimits(request);
}
