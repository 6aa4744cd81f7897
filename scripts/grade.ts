/**
 * `npm run grade`: grades the katas in this clone (or every entry of --submissions) against the
 * pristine tests, each kata in a sandbox of its own with a timeout, a per-test limit and a memory
 * cap, and prints a score table; --json, --junit and --csv write machine-readable results. --shard
 * grades one slice of a class; --merge joins the slices' results.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, wholeNumberFlag } from '../lib/cli';
import { UserError } from '../lib/errors';
import { scoreTable, summarise, toCsv, toJson, toJunit } from '../lib/grade/formats';
import { gradeKatas } from '../lib/grade/grade-katas';
import { type Course, DEFAULT_GRADE_LIMITS, type GradeOptions } from '../lib/grade/session';
import { classResult, courseFingerprint, hiddenFingerprint, mergeCsv, mergedCsv, mergeJson } from '../lib/grade/merge';
import { sandboxSupport } from '../lib/grade/sandbox/bubblewrap';
import {
  gradeSubmissions,
  learnerFlags,
  parseShard,
  submissionsCsvHeader,
  submissionsCsvRow,
} from '../lib/grade/submissions';
import { loadManifest, REPO_ROOT } from '../lib/manifest';
import { BACKEND_NAMES, parseBackendName } from '../lib/backend';

/** The defaults of the limits' flags, named after the flags. */
const {
  timeoutSeconds: timeout,
  testTimeoutSeconds: testTimeout,
  maxMemoryMb: maxMemory,
  maxProcesses,
  jobs,
} = DEFAULT_GRADE_LIMITS;
const HELP = `Usage: npm run grade [-- --submissions DIR] [-- --json F] [-- --csv F] [-- --junit F]
       npm run grade -- --merge F… [--json F] [--csv F]

Grades every kata against the pristine tests: points per kata from katas/manifest.json, status
pass / fail / error / not started per kata and per test, and feedback. \`npm test\` stays the plain
test run; this is the grader. Each kata runs in a sandbox (bubblewrap, Linux) with a memory cap
that counts typed arrays and wasm, a process cap, a per-test limit and a kata timeout.

  --submissions DIR   grade every entry of DIR as one learner's hand-in (a copy of katas/ or a
                      whole clone); every entry gets a row, odd ones with the reason
  --extra-tests DIR   hidden tests laid out like katas/ (DIR/ch1-temperatures/loss.hidden.test.ts):
                      they count toward the points and never reach a learner's folder
  --shard I/N         grade only every N-th entry from the I-th (one machine of a CI matrix)
  --merge F…          join the JSON (or CSV) files of the shards into one result
  --json F            write every kata's and test's result as JSON
  --junit F           write JUnit XML (one test suite per kata; not with --submissions)
  --csv F             write one CSV row per kata (with --submissions: per learner, default grades.csv)
  --timeout S         seconds one kata may run, all its tests together (default ${timeout})
  --test-timeout S    seconds one test may run; past it the test fails and the others go on (default ${testTimeout})
  --max-memory MB     memory cap of one kata: heap, typed arrays, wasm, every process (default ${maxMemory})
  --max-processes N   processes and threads one kata may have (default ${maxProcesses})
  --jobs N            katas graded at once (default ${jobs})
  --backend B         the kata runs' TensorFlow.js backend: ${BACKEND_NAMES.join(' | ')} (default auto, or TFJS_BACKEND)
  --no-sandbox        grade hand-ins without the sandbox where none can be had (results are marked)
  --help              show this help`;

const positiveInt = (flag: string, value: string) => wholeNumberFlag(flag, value, 1);

const write = (file: string | undefined, text: string) => {
  if (!file) return;
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
};

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'string' },
      junit: { type: 'string' },
      csv: { type: 'string' },
      submissions: { type: 'string' },
      'extra-tests': { type: 'string' },
      shard: { type: 'string' },
      merge: { type: 'boolean', default: false },
      timeout: { type: 'string', default: String(timeout) },
      'test-timeout': { type: 'string', default: String(testTimeout) },
      'max-memory': { type: 'string', default: String(maxMemory) },
      'max-processes': { type: 'string', default: String(maxProcesses) },
      jobs: { type: 'string', default: String(jobs) },
      backend: { type: 'string' },
      'no-sandbox': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  // Each kata runs in its own vitest process, which picks its backend from TFJS_BACKEND (lib/testing/setup.ts).
  if (values.backend) process.env.TFJS_BACKEND = parseBackendName(values.backend);
  const manifest = loadManifest();
  if (values.merge) {
    if (!positionals.length) throw new UserError(`--merge needs the shards' files.\n\n${HELP}`, 2);
    if (positionals.every((f) => f.endsWith('.csv'))) return write(values.csv ?? 'grades.csv', mergeCsv(positionals));
    const merged = mergeJson(positionals, manifest);
    write(values.csv ?? 'grades.csv', mergedCsv(merged, manifest));
    write(values.json, `${JSON.stringify(merged, null, 2)}\n`);
    return;
  }
  if (positionals.length) throw new UserError(`Unexpected argument '${positionals[0]}'.\n\n${HELP}`, 2);
  const support = sandboxSupport();
  const noSandbox = values['no-sandbox'];
  if (values.submissions && !support.available && !noSandbox)
    throw new UserError(`Hand-ins cannot be graded safely here: ${support.reason}; ${support.fix}.`);
  const course: Course = { root: REPO_ROOT, manifest };
  const options: GradeOptions = {
    course,
    sandbox: support.available && !noSandbox,
    timeoutSeconds: positiveInt('timeout', values.timeout),
    testTimeoutSeconds: positiveInt('test-timeout', values['test-timeout']),
    maxMemoryMb: positiveInt('max-memory', values['max-memory']),
    maxProcesses: positiveInt('max-processes', values['max-processes']),
    jobs: positiveInt('jobs', values.jobs),
    extraTests: values['extra-tests'] && path.resolve(values['extra-tests']),
    onSession: (info) => {
      const isolation = info.sandboxed ? 'in the sandbox (bubblewrap)' : 'unsandboxed';
      const census = `census of the pristine tests: ${info.testFiles} files in ${info.seconds.toFixed(1)} s`;
      console.log(`grading ${isolation}; caps: ${info.limits}; ${census}`);
      for (const line of info.broken) console.log(`warning: ${line}`);
    },
  };
  if (!options.sandbox) {
    const why = noSandbox ? '--no-sandbox' : support.available ? '' : support.reason;
    console.log(`grading unsandboxed (${why}): graded code runs as you; results are marked unsandboxed`);
  }
  const started = Date.now();
  if (values.submissions) {
    const shard = values.shard ? parseShard(values.shard) : undefined;
    const csv = values.csv ?? 'grades.csv';
    writeFileSync(csv, submissionsCsvHeader(manifest));
    const run = await gradeSubmissions(path.resolve(values.submissions), options, {
      shard,
      onLearner: (result) => {
        appendFileSync(csv, submissionsCsvRow(result, manifest));
        const s = summarise(result.grades);
        if (result.refused === undefined)
          console.log(`${result.learner}: ${s.points}/${s.maxPoints} points, ${s.passed} of ${s.katas} katas pass`);
        else console.log(`${result.learner}:`);
        for (const flag of learnerFlags(result)) console.log(`  ${flag}`);
      },
    });
    console.log(`wrote ${csv}`);
    for (const file of run.hidden.unmatched) console.log(`warning: hidden test ${file} belongs to no kata`);
    const meta = {
      course: courseFingerprint(manifest),
      hiddenTests: hiddenFingerprint(run.hidden),
      shard: shard ?? null,
      sandboxed: run.sandboxed,
    };
    write(values.json, `${JSON.stringify(classResult(run.results, meta), null, 2)}\n`);
  } else {
    if (values.shard) throw new UserError('--shard splits a class: give it with --submissions.', 2);
    const grades = await gradeKatas({
      ...options,
      learnerKatas: path.join(REPO_ROOT, 'katas'),
      onKata: (g) => console.log(`graded ${g.chapter}/${g.kata}: ${g.status}`),
    });
    console.log(`\n${scoreTable(grades)}\n`);
    grades.filter((g) => g.status !== 'pass').forEach((g) => console.log(`${g.chapter}/${g.kata}: ${g.feedback}`));
    grades.flatMap((g) => g.guard.map((n) => `guard ${g.chapter}/${g.kata}: ${n}`)).forEach((l) => console.log(l));
    write(values.json, toJson(grades, { gradedAt: new Date().toISOString(), sandboxed: options.sandbox }));
    write(values.junit, toJunit(grades));
    write(values.csv, toCsv(grades));
  }
  console.log(`graded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
