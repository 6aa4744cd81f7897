/**
 * Runs before every test file: picks the backend once (`TFJS_BACKEND`, default `auto` for a small
 * job) and seeds fast-check so that every run is replayable (`FC_SEED=<n> npm test`).
 */
import fc from 'fast-check';
import { chooseBackend, parseBackendName, quietTensorFlow } from '../backend';

const DEFAULT_FC_SEED = 20180311;

quietTensorFlow();
await chooseBackend(parseBackendName(process.env.TFJS_BACKEND));

fc.configureGlobal({
  seed: Number(process.env.FC_SEED ?? DEFAULT_FC_SEED),
  // Tensor properties are slow per run; 50 runs of small shapes find shape and sign bugs quickly.
  numRuns: Number(process.env.FC_NUM_RUNS ?? 50),
  // Put the counterexample's own error in the message, so a stub's not-implemented error shows through.
  includeErrorInReport: true,
});
