/**
 * `npm run grade`: grades the katas in this clone (or every learner folder of --submissions) against
 * the pristine tests, each kata in its own process with a timeout and a memory cap, and prints a
 * score table; --json, --junit and --csv write machine-readable results.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, wholeNumberFlag } from '../lib/cli';
import { UserError } from '../lib/errors';
import { loadManifest, REPO_ROOT } from '../lib/manifest';
import { scoreTable, summarise, toCsv, toJson, toJunit } from '../lib/grade/formats';
import { gradeKatas, type Course } from '../lib/grade/grade-katas';
import { gradeSubmissions, submissionsCsv } from '../lib/grade/submissions';
import { BACKEND_NAMES, parseBackendName } from '../lib/backend';

const HELP = `Usage: npm run grade [-- --json F] [-- --junit F] [-- --csv F] [-- --submissions DIR]

Grades every kata against the pristine tests: points per kata from katas/manifest.json, status
pass / fail / error / not started per kata and per test, and feedback. \`npm test\` stays the plain
test run; this is the grader.

  --json F            write every kata's and test's result as JSON
  --junit F           write JUnit XML (one test suite per kata)
  --csv F             write one CSV row per kata (with --submissions: one row per learner)
  --submissions DIR   grade each learner folder in DIR (a copy of katas/ or a whole clone)
  --timeout S         seconds one kata may run (default 300)
  --max-memory MB     heap cap of one kata's process (default 4096)
  --jobs N            katas graded at once (default 2)
  --backend B         the kata runs' TensorFlow.js backend: ${BACKEND_NAMES.join(' | ')} (default auto, or TFJS_BACKEND)
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
      timeout: { type: 'string', default: '300' },
      'max-memory': { type: 'string', default: '4096' },
      jobs: { type: 'string', default: '2' },
      backend: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  if (positionals.length) throw new UserError(`Unexpected argument '${positionals[0]}'.\n\n${HELP}`, 2);
  // Each kata runs in its own vitest process, which picks its backend from TFJS_BACKEND (lib/testing/setup.ts).
  if (values.backend) process.env.TFJS_BACKEND = parseBackendName(values.backend);
  const manifest = loadManifest();
  const course: Course = { root: REPO_ROOT, manifest };
  const options = {
    course,
    timeoutSeconds: positiveInt('timeout', values.timeout),
    maxMemoryMb: positiveInt('max-memory', values['max-memory']),
    jobs: positiveInt('jobs', values.jobs),
  };
  const started = Date.now();
  if (values.submissions) {
    const results = await gradeSubmissions(path.resolve(values.submissions), options, ({ learner, grades }) => {
      const s = summarise(grades);
      console.log(`${learner}: ${s.points}/${s.maxPoints} points, ${s.passed} of ${s.katas} katas pass`);
      grades
        .flatMap((g) =>
          [
            ...(g.status === 'error' ? [`error: ${g.tests[0]?.message}`] : []),
            ...g.guard.filter((n) => !/not guarded/.test(n)),
          ].map((n) => `  ${g.chapter}/${g.kata}: ${n}`),
        )
        .forEach((l) => console.log(l));
    });
    write(values.csv ?? 'grades.csv', submissionsCsv(results));
    write(
      values.json,
      `${JSON.stringify(
        results.map((r) => ({ learner: r.learner, summary: summarise(r.grades), katas: r.grades })),
        null,
        2,
      )}\n`,
    );
  } else {
    const grades = await gradeKatas({
      ...options,
      learnerKatas: path.join(REPO_ROOT, 'katas'),
      onKata: (g) => console.log(`graded ${g.chapter}/${g.kata}: ${g.status}`),
    });
    console.log(`\n${scoreTable(grades)}\n`);
    grades.filter((g) => g.status !== 'pass').forEach((g) => console.log(`${g.chapter}/${g.kata}: ${g.feedback}`));
    grades.flatMap((g) => g.guard.map((n) => `guard ${g.chapter}/${g.kata}: ${n}`)).forEach((l) => console.log(l));
    write(values.json, toJson(grades, { gradedAt: new Date().toISOString() }));
    write(values.junit, toJunit(grades));
    write(values.csv, toCsv(grades));
  }
  console.log(`graded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
