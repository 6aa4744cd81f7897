/**
 * The vitest reporter of `npm test` (and of a plain `npx vitest run katas/…`): when every test file
 * of the run grades the learner's katas, it prints one line per kata — not started, passing, or
 * failing with each failed test's evidence and one piece of advice — instead of thousands of lines
 * of stack traces from untouched stubs. Any other run (the library tests, the solutions) gets
 * vitest's default reporter unchanged.
 */
import path from 'node:path';
import {
  DefaultReporter,
  type Reporter,
  type TestCase,
  type TestModule,
  type TestSpecification,
  type Vitest,
} from 'vitest/node';
import { diagnose } from '../feedback/diagnose';
import { evidenceLines } from '../feedback/evidence-lines';
import { assertionOf, type RecordedEvidence } from '../feedback/evidence';
import { sourceReaderAt } from '../feedback/source-reader';
import { kataLabel, loadManifest, REPO_ROOT, testPath, type ChapterEntry, type KataEntry } from '../manifest';
import { kataStatus, loadGrade, testGrade, type GradeStatus, type TestGrade } from '../testrun/outcome';
import { chapterCompleteLines, MARK } from './progress';

/** Failed tests shown with their evidence per kata; the rest by name only. */
const DETAILED_FAILURES = 2;

interface KataOutcome {
  chapter: ChapterEntry;
  kata: KataEntry;
  status: GradeStatus;
  tests: TestGrade[];
}

/** One test's grade from what the reporter sees (the same classification and evidence as `kata` and `grade`). */
function gradeOf(test: TestCase): TestGrade {
  const result = test.result();
  const state = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
  const errors = result.state === 'failed' ? result.errors : [];
  const failureMessages = errors.map((e) => e.stack ?? e.message);
  // Named as vitest's JSON report names it (and so `kata` and `grade`): the suite titles and the test's, by spaces.
  const name = test.fullName.split(' > ').join(' ');
  const recorded = (test.meta() as { evidence?: RecordedEvidence }).evidence ?? assertionOf(errors[0]);
  return testGrade(name, state, { failureMessages, meta: { evidence: recorded } }, sourceReaderAt(REPO_ROOT));
}

function outcomeOf(chapter: ChapterEntry, kata: KataEntry, module: TestModule): KataOutcome {
  const loadError = module.errors()[0];
  if (loadError && ![...module.children.allTests()].length)
    return { chapter, kata, status: 'error', tests: [loadGrade(loadError.message, sourceReaderAt(REPO_ROOT))] };
  const tests = [...module.children.allTests()].map(gradeOf);
  return { chapter, kata, status: kataStatus(tests), tests };
}

function kataLines(outcome: KataOutcome, width: number): string[] {
  const { chapter, kata, status, tests } = outcome;
  const label = kataLabel(chapter, kata).padEnd(width);
  const file = path.join('katas', chapter.dir, kata.file);
  if (status === 'pass') return [`  ${MARK.pass} ${label} ${tests.length} tests pass`];
  if (status === 'not started') return [`  ${MARK['not started']} ${label} not started: fill in the TODO in ${file}`];
  const failing = tests.filter((t) => t.status !== 'pass');
  const lines = [`  ${MARK[status]} ${label} ${failing.length} of ${tests.length} tests do not pass`];
  failing.forEach((t, i) => {
    lines.push(`      ${MARK[t.status]} ${t.name}`, `          ${t.message}`);
    if (i < DETAILED_FAILURES) evidenceLines(t.evidence).forEach((l) => lines.push(`          ${l}`));
  });
  const advice = diagnose(failing);
  if (advice) lines.push(`      → ${advice.advice}`);
  return lines;
}

/** The summary of a run of kata tests on the learner's tree. */
function summaryLines(outcomes: readonly KataOutcome[], seconds: number): string[] {
  const width = Math.max(...outcomes.map((o) => kataLabel(o.chapter, o.kata).length));
  const lines = ['', 'Kata tests on your code in katas/ (the same tests on the reference: add --project solutions).'];
  for (const chapter of [...new Set(outcomes.map((o) => o.chapter))]) {
    const own = outcomes.filter((o) => o.chapter === chapter);
    lines.push('', `${chapter.id}  ${chapter.title}`, ...own.flatMap((o) => kataLines(o, width)));
    if (own.length === chapter.katas.length && own.every((o) => o.status === 'pass'))
      lines.push(
        ...chapterCompleteLines(chapter)
          .slice(1)
          .map((l) => `  ${l}`),
      );
  }
  const count = (s: GradeStatus) => outcomes.filter((o) => o.status === s).length;
  const failing = outcomes.length - count('pass') - count('not started');
  lines.push(
    '',
    `${count('pass')} of ${outcomes.length} katas pass, ${failing} ${failing === 1 ? 'fails' : 'fail'}, ` +
      `${count('not started')} not started (${seconds.toFixed(1)} s).`,
  );
  const next = outcomes.find((o) => o.status !== 'pass');
  if (next)
    lines.push(
      `Next: npm run kata — watch mode on ${kataLabel(next.chapter, next.kata)}, with hints (npm run hint -- ` +
        `${next.chapter.id} ${next.kata.name}).`,
    );
  return lines;
}

/** Forwards every hook to vitest's default reporter unless the run grades only the learner's katas. */
export default class KataReporter implements Reporter {
  private readonly inner: Reporter = new DefaultReporter();
  private kataMode = false;
  private start = Date.now();
  private print: (line: string) => void = (line) => console.log(line);

  onInit(vitest: Vitest) {
    this.print = (line) => vitest.logger.log(line);
    return this.inner.onInit?.(vitest);
  }
  onTestRunStart(specifications: ReadonlyArray<TestSpecification>) {
    this.start = Date.now();
    this.kataMode = specifications.length > 0 && specifications.every((s) => s.project.name === 'katas');
    if (!this.kataMode) return this.inner.onTestRunStart?.(specifications);
  }
  onTestRunEnd(...args: Parameters<NonNullable<Reporter['onTestRunEnd']>>) {
    if (!this.kataMode) return this.inner.onTestRunEnd?.(...args);
    const [modules, unhandled] = args;
    const manifest = loadManifest();
    const outcomes = manifest.chapters.flatMap((chapter) =>
      chapter.katas.flatMap((kata) => {
        const module = modules.find((m) => m.moduleId === testPath(chapter, kata));
        return module ? [outcomeOf(chapter, kata, module)] : [];
      }),
    );
    summaryLines(outcomes, (Date.now() - this.start) / 1000).forEach((l) => this.print(l));
    unhandled.forEach((e) => this.print(`Unhandled error: ${e.message}`));
  }
  onTestModuleQueued(module: TestModule) {
    if (!this.kataMode) return this.inner.onTestModuleQueued?.(module);
  }
  onTestModuleCollected(module: TestModule) {
    if (!this.kataMode) return this.inner.onTestModuleCollected?.(module);
  }
  onTestModuleEnd(module: TestModule) {
    if (!this.kataMode) return this.inner.onTestModuleEnd?.(module);
  }
  onTestCaseReady(test: TestCase) {
    if (!this.kataMode) return this.inner.onTestCaseReady?.(test);
  }
  onTestCaseResult(test: TestCase) {
    if (!this.kataMode) return this.inner.onTestCaseResult?.(test);
  }
  onHookStart(...args: Parameters<NonNullable<Reporter['onHookStart']>>) {
    if (!this.kataMode) return this.inner.onHookStart?.(...args);
  }
  onHookEnd(...args: Parameters<NonNullable<Reporter['onHookEnd']>>) {
    if (!this.kataMode) return this.inner.onHookEnd?.(...args);
  }
  onUserConsoleLog(...args: Parameters<NonNullable<Reporter['onUserConsoleLog']>>) {
    if (!this.kataMode) return this.inner.onUserConsoleLog?.(...args);
  }
  onWatcherStart(...args: Parameters<NonNullable<Reporter['onWatcherStart']>>) {
    return this.inner.onWatcherStart?.(...args);
  }
  onWatcherRerun(...args: Parameters<NonNullable<Reporter['onWatcherRerun']>>) {
    return this.inner.onWatcherRerun?.(...args);
  }
  onServerRestart(...args: Parameters<NonNullable<Reporter['onServerRestart']>>) {
    return this.inner.onServerRestart?.(...args);
  }
}
