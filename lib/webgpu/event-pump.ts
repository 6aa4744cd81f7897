/**
 * A synchronous wait for Dawn's events, so that `dataSync()` can work in Node.
 *
 * dawn.node settles every promise (a buffer's `mapAsync`, `requestAdapter`, …) inside one native
 * callback that it hands to `globalThis.setImmediate`: that callback makes Dawn process its events.
 * A synchronous read cannot wait for the event loop, so `captureDawnTicks()` — which must run before
 * dawn.node is loaded — wraps `setImmediate` to keep the latest native callback it is given, and
 * `pumpDawnEvents` calls it directly until the awaited state is reached. The callback is the same
 * one the event loop would run: calling it early only processes events sooner.
 */

type Tick = () => void;

let latestTick: Tick | undefined;
let installed = false;

/** True for a function implemented in C++ (an N-API callback), false for any JavaScript function. */
function isNative(fn: unknown): fn is Tick {
  return typeof fn === 'function' && /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn));
}

/** Starts keeping dawn.node's event callback; idempotent. Call it before `import('webgpu')`. */
export function captureDawnTicks(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.setImmediate;
  const wrapped = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    if (args.length === 0 && isNative(callback)) latestTick = callback;
    return original(callback, ...args);
  }) as typeof setImmediate;
  Object.assign(wrapped, original);
  globalThis.setImmediate = wrapped;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Longest pause between two polls: short enough to add little latency, long enough not to hog a core. */
const MAX_PAUSE_MS = 1;

/**
 * Processes Dawn's events until `done()` holds, pausing between polls so that a software GPU
 * driver, whose threads share the machine's cores, is not starved.
 *
 * @throws Error when `done()` does not hold within `timeoutMs`
 */
export function pumpDawnEvents(done: () => boolean, timeoutMs: number, what: string): void {
  if (!latestTick) throw new Error(`cannot wait for ${what}: dawn.node has not handed over its event callback`);
  const start = performance.now();
  let pause = 0;
  for (;;) {
    latestTick();
    if (done()) return;
    if (performance.now() - start > timeoutMs) throw new Error(`${what} did not finish within ${timeoutMs / 1000} s`);
    if (pause > 0) Atomics.wait(sleeper, 0, 0, pause);
    pause = Math.min(MAX_PAUSE_MS, pause + 0.05);
  }
}
