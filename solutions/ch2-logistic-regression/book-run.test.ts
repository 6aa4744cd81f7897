import { describeBookRunSmoke } from '../../lib/testing/book-run-smoke';
import { bookRun } from './book-run';

/**
 * A few steps exercise the whole run (data table, training, figures, result shape); the bands apply only at the book's
 * scale.
 */
const SMOKE_STEPS = 20;

describeBookRunSmoke('ch2', bookRun, SMOKE_STEPS);
