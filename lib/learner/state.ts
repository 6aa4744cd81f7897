/**
 * What the learner's tools remember between runs: how many hints of each kata were shown, and the
 * last test result of each kata together with the hash of the file it was for (a result is only
 * trusted while the file is unchanged). Kept in node_modules/.cache, which git already ignores.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../manifest';
import type { GradeStatus } from '../testrun/outcome';

export interface LearnerState {
  hintsShown: Record<string, number>;
  results: Record<string, { hash: string; status: GradeStatus }>;
}

export const DEFAULT_STATE_FILE = path.join(REPO_ROOT, 'node_modules', '.cache', 'tfjs-katas', 'state.json');

export function loadState(file = process.env.KATA_STATE_FILE ?? DEFAULT_STATE_FILE): LearnerState {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<LearnerState>;
    return { hintsShown: state.hintsShown ?? {}, results: state.results ?? {} };
  } catch {
    return { hintsShown: {}, results: {} };
  }
}

export function saveState(state: LearnerState, file = process.env.KATA_STATE_FILE ?? DEFAULT_STATE_FILE): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}
