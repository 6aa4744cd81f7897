/**
 * The short run that chapters 4 and 5 hold their kata tests to (`short` in fixtures/bands/ch4.json
 * and ch5.json): a small network trained on a slice of MNIST for every seed, its final test accuracy
 * and loss printed per seed and as a range.
 */
import { MnistBatcher } from '../../lib/mnist/batches';
import { loadMnist, sliceSplit } from '../../lib/mnist/load';
import { RandomState } from '../../lib/numpy-random';
import type { BandMeasurement } from '../../lib/run/types';
import { evaluate } from '../../solutions/ch4-cnn/evaluate';
import type { Network } from '../../solutions/ch4-cnn/network';
import { trainClassifier } from '../../solutions/ch4-cnn/train';
import { rounded } from './rounded';

export interface ShortCnnBand {
  trainExamples: number;
  testExamples: number;
  evalChunk: number;
  steps: number;
  batchSize: number;
  learningRate: number;
}

/** The measurement of one chapter's short band, `create(seed)` building its small network. */
export function shortCnnMeasurement(
  id: string,
  short: ShortCnnBand,
  create: (seed: number) => Network,
): BandMeasurement {
  return {
    jobSize: 'large',
    defaultSeeds: 8,
    async measure({ seeds, print, mnistDir }) {
      const mnist = loadMnist({ dir: mnistDir });
      const train = sliceSplit(mnist.train, 0, short.trainExamples);
      const test = sliceSplit(mnist.test, 0, short.testExamples);
      const rows: { seed: number; accuracy: number; loss: number; seconds: number }[] = [];
      for (const seed of seeds) {
        const start = performance.now();
        const network = create(seed);
        const { log } = await trainClassifier({
          network,
          batches: new MnistBatcher(train, new RandomState(seed)),
          steps: short.steps,
          batchSize: short.batchSize,
          learningRate: short.learningRate,
          evaluateEvery: short.steps,
          evaluate: () => evaluate(network, test, short.evalChunk),
        });
        network.dispose();
        const final = log.at(-1)!;
        const row = {
          seed,
          accuracy: rounded(final.testAccuracy!, 4),
          loss: rounded(final.testLoss!, 2),
          seconds: rounded((performance.now() - start) / 1000, 1),
        };
        print(`${id} seed ${seed}: test accuracy ${row.accuracy}, test loss ${row.loss} (${row.seconds} s)`);
        rows.push(row);
      }
      const accuracies = rows.map((r) => r.accuracy);
      print(
        `${id}: accuracy in [${Math.min(...accuracies)}, ${Math.max(...accuracies)}] over seeds ${seeds.join(',')}`,
      );
      return { rows };
    },
  };
}
