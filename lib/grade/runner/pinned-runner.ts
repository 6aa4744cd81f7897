/**
 * The test runner of a graded run, inside the worker that imports the kata. It keeps what the kata
 * could bend pinned to the pristine setup: fast-check's global configuration is put back before each
 * test and compared after it; the tools a test leans on (built-ins, expect and chai, fast-check, the
 * TensorFlow.js engine and kernels) must look as they did before the kata loaded; each test runs the
 * function the pristine file registered for it, and its result may turn from pass to fail after it ran
 * (a failing afterEach) but never from fail to pass. What it sees goes into the file's vitest meta
 * (`tamper`) and fails the test with a `[grade:tamper]` message; the hooks of every suite are counted
 * for the grader, which compares them with the pristine file's census.
 *
 * In census mode (trusted reference code) it only records the structure and skips every test.
 * This code shares a process with the kata: it raises the cost of forging, it cannot rule it out.
 */
import * as tf from '@tensorflow/tfjs';
import {
  type File,
  getCurrentSuite,
  getFn,
  getHooks,
  type Suite,
  type Task,
  type Test,
  type VitestRunner,
} from '@vitest/runner';
import fc from 'fast-check';
import { chai, describe, expect, it, test as vitestTest } from 'vitest';
import { VitestTestRunner } from 'vitest/runners';
import { MODE_ENV, type ModuleMeta, ONLY_ENV, START_ARTIFACT, TAMPER_TAG, TEST_HOOKS_ENV } from './run-config';
import { builtinRoots, changes, methodsOf, type Snapshot, snapshot } from './surfaces';

const JEST_MATCHERS = Symbol.for('$$jest-matchers-object');
/** A replaced tool usually comes with many: the first few say enough. */
const SHOWN_TAMPER = 3;
/** Enough to judge by, few enough for the report line to stay small. */
const MAX_TAMPER_RECORDED = 200;
const HOOK_KINDS = ['beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'aroundEach', 'aroundAll'] as const;

const titlesOf = (task: Task): string[] => {
  const titles: string[] = [];
  // A file is a suite too, the outermost: its name is the path, not a title.
  for (let t: Task | undefined = task; t && (t as { type: string }).type !== 'file'; t = t.suite)
    titles.unshift(t.name);
  return titles;
};

function* tasksOf(suite: Suite): Generator<Task> {
  for (const task of suite.tasks) {
    yield task;
    if (task.type === 'suite') yield* tasksOf(task);
  }
}

function hookCensus(file: File): Record<string, Record<string, number>> {
  const census: Record<string, Record<string, number>> = {};
  const suites: Suite[] = [file, ...[...tasksOf(file)].filter((t): t is Suite => t.type === 'suite')];
  for (const suite of suites) {
    const hooks = (getHooks(suite) ?? {}) as unknown as Record<string, unknown[] | undefined>;
    const counts = Object.fromEntries(HOOK_KINDS.map((kind) => [kind, hooks[kind]?.length ?? 0]));
    census[suite === file ? '' : titlesOf(suite).join(' > ')] = counts;
  }
  return census;
}

// Taken when the runner loads, before any kata can replace them.
const { stringify } = JSON;
const { entries } = Object;
const sameConfig = (a: object, b: object) => stringify(entries(a).sort()) === stringify(entries(b).sort());

interface Mocker {
  registries?: Map<unknown, { registryByUrl?: Map<unknown, unknown> }>;
  constructor?: { pendingIds?: unknown[] };
}

/** Module mocks registered or queued (vi.mock, vi.doMock): a kata could mock what its test imports next. */
function mockCount(): number {
  const mocker = (globalThis as { __vitest_mocker__?: Mocker }).__vitest_mocker__;
  let count = mocker?.constructor?.pendingIds?.length ?? 0;
  for (const registry of mocker?.registries?.values() ?? []) count += registry.registryByUrl?.size ?? 0;
  return count;
}

export default class PinnedRunner extends VitestTestRunner {
  private readonly census = process.env[MODE_ENV] === 'census';
  private readonly only = process.env[ONLY_ENV]
    ? new Set((JSON.parse(process.env[ONLY_ENV]) as string[][]).map((t) => JSON.stringify(t)))
    : undefined;
  private readonly testHooksAllowed = process.env[TEST_HOOKS_ENV] === '1';
  // The originals, taken before any kata code can run, so that replacing them on `fc` changes nothing here.
  private readonly configureGlobal = fc.configureGlobal;
  private readonly readConfigureGlobal = fc.readConfigureGlobal;
  private pinnedFc: object = {};
  private beforeLoad?: Snapshot;
  private afterLoad?: Snapshot;
  private readonly fns = new WeakMap<Test, () => unknown>();
  private readonly outcome = new WeakMap<Test, 'pass' | 'fail'>();
  private readonly kernelsAtStart = new WeakMap<Test, Snapshot>();
  private mocksAtLoad = 0;
  private readonly files = new WeakMap<Test, File>();

  private roots() {
    const matchers = (globalThis as Record<symbol, { matchers?: object } | undefined>)[JEST_MATCHERS];
    return [
      ...builtinRoots(),
      ['fast-check', fc],
      ['expect', expect],
      ['chai', chai],
      ['chai.Assertion', chai.Assertion],
      ['chai.Assertion.prototype', chai.Assertion.prototype],
      ['chai.util', chai.util],
      ...(matchers ? ([['expect.matchers-object', matchers]] as const) : []),
      ...(matchers?.matchers ? ([['expect.matchers', matchers.matchers]] as const) : []),
      ['vitest.it', it],
      ['vitest.test', vitestTest],
      ['vitest.describe', describe],
      ['vitest.collector', getCurrentSuite()],
      ...methodsOf('runner', this),
      ...methodsOf('tf.engine()', tf.engine()),
      ['tf.Tensor.prototype', tf.Tensor.prototype],
    ] as const;
  }

  /**
   * The kernels of every registered backend. Pristine hooks may register kernels (choosing the wasm
   * backend registers ours), so these are compared over each test only, from its start to its end.
   */
  private kernelRoots() {
    const backends = Object.keys((tf.engine() as unknown as { registryFactory: object }).registryFactory);
    const kernels = backends.flatMap((backend) =>
      tf.getKernelsForBackend(backend).map((k) => [`${backend}.${k.kernelName}`, k] as const),
    );
    return [
      ['tf.kernels', Object.fromEntries(kernels)] as const,
      ...kernels.map(([name, k]) => [`tf.kernel.${name}`, k] as const),
    ];
  }

  override importFile(filepath: string, source: 'collect' | 'setup'): unknown {
    if (source === 'collect') {
      this.pinnedFc = { ...this.readConfigureGlobal() };
      this.beforeLoad = snapshot([...this.roots(), ...this.kernelRoots()]);
    }
    return super.importFile(filepath, source);
  }

  async onCollected(files: File[]): Promise<void> {
    for (const file of files) {
      const meta = file.meta as ModuleMeta;
      meta.hooks = hookCensus(file);
      meta.loadChanges = this.beforeLoad ? changes(this.beforeLoad, [...this.roots(), ...this.kernelRoots()]) : [];
      meta.mocks = mockCount();
      this.mocksAtLoad = meta.mocks;
      meta.tamper = [];
      for (const task of tasksOf(file)) {
        if (this.census) task.mode = 'skip';
        if (task.type !== 'test') continue;
        const fn = getFn(task);
        if (fn) this.fns.set(task, fn);
        this.files.set(task, file);
        if (this.only && !this.only.has(JSON.stringify(titlesOf(task)))) task.mode = 'skip';
      }
      if (this.census) file.mode = 'skip';
    }
    this.afterLoad = snapshot(this.roots());
  }

  private flag(test: Test, what: string): void {
    const meta = this.files.get(test)?.meta as ModuleMeta | undefined;
    const entry = `${titlesOf(test).join(' > ')}: ${what}`;
    if (meta?.tamper && meta.tamper.length < MAX_TAMPER_RECORDED && !meta.tamper.includes(entry))
      meta.tamper.push(entry);
  }

  override async onBeforeRunTask(test: Task): Promise<void> {
    await super.onBeforeRunTask(test);
    if (test.type !== 'test' || test.mode !== 'run') return;
    // Tell the main process now, not in vitest's next batched update, that this test started: if the
    // kata then blocks the event loop for good, the grader knows which test to blame.
    await (this as VitestRunner).onTestArtifactRecord?.(test, { type: START_ARTIFACT } as never);
  }

  async runTask(test: Test): Promise<void> {
    const fn = this.fns.get(test);
    if (!fn) throw new Error(`${TAMPER_TAG} a test that was not in the collected file ran`);
    if (!sameConfig(this.readConfigureGlobal(), this.pinnedFc))
      this.flag(test, "fast-check's global configuration was changed before the test");
    this.configureGlobal(this.pinnedFc);
    // Replaced tools are looked for once each test is over (a replacement stays until then, or is undone
    // inside the test it helped); kernels, which pristine hooks may register, over the test alone.
    this.kernelsAtStart.set(test, snapshot(this.kernelRoots()));
    this.outcome.set(test, 'fail');
    try {
      await fn();
      this.outcome.set(test, 'pass');
    } finally {
      const callbacks = test as Test & { onFinished?: unknown[]; onFailed?: unknown[] };
      if ((callbacks.onFinished?.length || callbacks.onFailed?.length) && !this.testHooksAllowed)
        this.flag(test, 'the code under test registered onTestFinished/onTestFailed callbacks');
    }
  }

  override async onAfterRunTask(test: Task): Promise<void> {
    await super.onAfterRunTask(test);
    if (test.type !== 'test' || test.mode !== 'run' || !test.result) return;
    if (!sameConfig(this.readConfigureGlobal(), this.pinnedFc))
      this.flag(test, "fast-check's global configuration was changed during the test");
    if (test.result.state === 'pass' && this.outcome.get(test) !== 'pass')
      this.flag(test, 'the test failed, and its result was changed to pass afterwards');
    if (test.result.state === 'pass' && test.result.errors?.length)
      this.flag(test, 'the test passed with errors recorded');
    if (this.afterLoad)
      for (const name of changes(this.afterLoad, this.roots())) this.flag(test, `${name} was replaced`);
    const kernels = this.kernelsAtStart.get(test);
    if (kernels) for (const name of changes(kernels, this.kernelRoots())) this.flag(test, `${name} was replaced`);
    if (mockCount() > this.mocksAtLoad) this.flag(test, 'the code under test registered module mocks (vi.mock)');
    const meta = this.files.get(test)?.meta as ModuleMeta | undefined;
    const mine = (meta?.tamper ?? []).filter((t) => t.startsWith(`${titlesOf(test).join(' > ')}: `));
    if (mine.length) {
      const more = mine.length > SHOWN_TAMPER ? ` and ${mine.length - SHOWN_TAMPER} more` : '';
      test.result.state = 'fail';
      test.result.errors = [
        ...(test.result.errors ?? []),
        { name: 'Error', message: `${TAMPER_TAG} ${mine.slice(0, SHOWN_TAMPER).join('; ')}${more}` },
      ] as typeof test.result.errors;
      this.configureGlobal(this.pinnedFc);
    }
    Object.freeze(test.result);
    Object.defineProperty(test, 'result', { value: test.result, writable: false, configurable: false });
  }
}
