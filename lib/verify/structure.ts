/**
 * Structural checks on the kata tree: the manifest lists every kata, every kata has its test and a
 * solution at the same path with the same exports, and every chapter has its guide.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { kataLabel, kataPath, REPO_ROOT, testPath, type Manifest } from '../manifest';
import { gitBlobHash } from '../git/blob';
import { bookRunFile } from '../run/book-runs';

const isStubFile = (name: string) => name.endsWith('.ts') && !name.endsWith('.test.ts');

async function exportNames(file: string): Promise<string[]> {
  return Object.keys(await import(file)).sort();
}

/** The README's chapter table: one row per chapter, its id in backticks in the first cell. */
const readmeChapterRow = (id: string) => new RegExp(`^\\| \`${id}\` \\|`, 'm');

export async function manifestProblems(manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const readme = existsSync(path.join(REPO_ROOT, 'README.md'))
    ? readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
    : '';
  for (const chapter of manifest.chapters) {
    if (!existsSync(path.join(REPO_ROOT, 'fixtures', 'bands', `${chapter.id}.json`)))
      problems.push(`${chapter.id}: fixtures/bands/${chapter.id}.json (the bands its book run is held to) is missing`);
    if (!readmeChapterRow(chapter.id).test(readme))
      problems.push(`${chapter.id}: README.md's chapter table has no row for it`);
    const dir = path.join(REPO_ROOT, 'katas', chapter.dir);
    if (!existsSync(path.join(dir, 'README.md')))
      problems.push(`${chapter.id}: katas/${chapter.dir}/README.md (the guide) is missing`);
    if (!existsSync(bookRunFile(chapter.dir)))
      problems.push(
        `${chapter.id}: ${path.relative(REPO_ROOT, bookRunFile(chapter.dir))} (its book-scale run) is missing`,
      );
    const listed = new Set(chapter.katas.map((k) => k.file));
    const onDisk = existsSync(dir) ? readdirSync(dir).filter(isStubFile) : [];
    for (const file of onDisk)
      if (!listed.has(file))
        problems.push(`${chapter.id}: katas/${chapter.dir}/${file} is not listed in katas/manifest.json`);
    for (const kata of chapter.katas) {
      const label = kataLabel(chapter, kata);
      const stub = kataPath(chapter, kata);
      const solution = kataPath(chapter, kata, 'solutions');
      if (!existsSync(stub)) problems.push(`${label}: the stub ${path.relative(REPO_ROOT, stub)} is missing`);
      if (!existsSync(testPath(chapter, kata)))
        problems.push(`${label}: the test ${path.relative(REPO_ROOT, testPath(chapter, kata))} is missing`);
      if (!existsSync(solution))
        problems.push(`${label}: the solution ${path.relative(REPO_ROOT, solution)} is missing`);
      if (!/^[0-9a-f]{40}$/.test(kata.pristine))
        problems.push(`${label}: no pristine hash recorded; run \`npm run manifest -- --write\``);
      const test = testPath(chapter, kata);
      if (!/^[0-9a-f]{40}$/.test(kata.testPristine ?? ''))
        problems.push(`${label}: no pristine test hash recorded; run \`npm run manifest -- --write\``);
      else if (existsSync(test) && gitBlobHash(readFileSync(test)) !== kata.testPristine)
        problems.push(
          `${label}: ${path.relative(REPO_ROOT, test)} differs from its pristine hash; if the change is intended, ` +
            `run \`npm run manifest -- --write\``,
        );
      if (!kata.hints.length) problems.push(`${label}: has no hints`);
      if (existsSync(stub) && existsSync(solution)) {
        const [a, b] = [await exportNames(stub), await exportNames(solution)];
        if (a.join() !== b.join()) problems.push(`${label}: the stub exports [${a}] but the solution exports [${b}]`);
      }
    }
  }
  return problems;
}
