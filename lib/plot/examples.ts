/**
 * One figure of each kind the book draws, built from small synthetic data. They document the API
 * by example, and the tests render them, so every figure kind stays well-formed and drawable.
 */
import { Figure } from './figure';

/** A deterministic generator (LCG), so example figures are byte-identical on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function linspace(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** ch1: monthly mean temperatures and a fitted polynomial. */
export function temperatureFigure(): Figure {
  const months = linspace(1, 12, 12);
  const temperatures = [5.2, 5.7, 8.6, 14.9, 18.2, 20.4, 25.5, 26.4, 22.8, 17.5, 11.1, 6.6];
  const curveX = linspace(1, 12, 100);
  // A seasonal curve close to what the book's degree-4 polynomial fit gives for these points.
  const curveY = curveX.map((x) => 15.8 - 10.6 * Math.cos((2 * Math.PI * (x - 1.6)) / 12));
  const figure = new Figure();
  figure
    .panel()
    .xlim(1, 12)
    .scatter(months, temperatures)
    .line(curveX, curveY)
    .title('Monthly temperature')
    .xlabel('Month')
    .ylabel('°C');
  return figure;
}

/** ch2/ch3: two classes, the logistic-regression boundary and the probability field under them. */
export function classificationFigure(): Figure {
  const random = seededRandom(1);
  const infected = Array.from(
    { length: 20 },
    () => [20 + 6 * (random() - 0.5) * 2, 10 + 6 * (random() - 0.5) * 2] as const,
  );
  const normal = Array.from(
    { length: 20 },
    () => [7 + 6 * (random() - 0.5) * 2, 20 + 6 * (random() - 0.5) * 2] as const,
  );
  const [w0, w1, w2] = [-0.5, 0.3, -0.3];
  const grid = 100;
  const field = new Float32Array(grid * grid);
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      const x1 = (30 * (col + 0.5)) / grid;
      const x2 = (30 * (row + 0.5)) / grid;
      field[row * grid + col] = 1 / (1 + Math.exp(-(w0 + w1 * x1 + w2 * x2)));
    }
  }
  const lineX = [0, 30];
  const lineY = lineX.map((x) => -(w0 + w1 * x) / w2);
  const figure = new Figure({ width: 480, height: 480 });
  figure
    .panel()
    .xlim(0, 30)
    .ylim(0, 30)
    .field(field, grid, grid, [0, 30, 0, 30], { cmap: 'gray_r', alpha: 0.5 })
    .scatter(
      infected.map((p) => p[0]),
      infected.map((p) => p[1]),
      { marker: 'x', label: 'Infected' },
    )
    .scatter(
      normal.map((p) => p[0]),
      normal.map((p) => p[1]),
      { marker: 'o', label: 'Normal' },
    )
    .line(lineX, lineY, { color: '#000' })
    .legend('upper right');
  return figure;
}

/** ch2 split experiment: training and test accuracy over 2500 steps. */
export function accuracyFigure(): Figure {
  const steps = linspace(0, 2500, 26);
  const train = steps.map((s) => 0.95 - 0.45 * Math.exp(-s / 400));
  const test = steps.map((s) => 0.9 - 0.4 * Math.exp(-s / 500));
  const figure = new Figure();
  figure
    .panel()
    .line(steps, train, { label: 'train set' })
    .line(steps, test, { label: 'test set' })
    .legend('upper left');
  return figure;
}

/** A 28×28 stroke "7" in [0, 1], standing in for an MNIST digit. */
export function syntheticSeven(): Float32Array {
  const pixels = new Float32Array(28 * 28);
  for (let col = 6; col < 22; col++) for (let row = 6; row < 9; row++) pixels[row * 28 + col] = 1;
  for (let row = 9; row < 23; row++) {
    const col = Math.round(21 - (row - 9) * 0.6);
    for (let c = col - 1; c <= col + 1; c++) pixels[row * 28 + c] = row === 9 ? 0.6 : 1;
  }
  return pixels;
}

/** ch4/ch5: digits with titles, 5×5 filters and 14×14 pooled outputs, each scaled on its own. */
export function imageGridFigure(): Figure {
  const digit = syntheticSeven();
  const figure = new Figure({ width: 600, height: 260, rows: 2, cols: 4, fontSize: 11 });
  figure.panel(0, 0).image(digit, 28, 28, { vmin: 0, vmax: 1 }).title('7');
  figure.panel(0, 1).image(digit, 28, 28, { vmin: 0, vmax: 1 }).title('7 / 1');
  const vertical = Float32Array.from({ length: 25 }, (_, i) => [-1, -0.5, 0, 0.5, 1][i % 5]!);
  const horizontal = Float32Array.from({ length: 25 }, (_, i) => [2, 1, 0, -1, -2][Math.floor(i / 5)]!);
  figure.panel(0, 2).image(vertical, 5, 5);
  figure.panel(0, 3).image(horizontal, 5, 5);
  const pooled = Float32Array.from({ length: 14 * 14 }, (_, i) =>
    Math.max(0, digit[Math.floor(i / 14) * 56 + (i % 14) * 2]! - 0.3),
  );
  figure.panel(1, 0).image(pooled, 14, 14);
  return figure;
}

/** ch4/ch5: the book's 5×4 grid of digits beside their class-probability bars. */
export function predictionGridFigure(): Figure {
  const digit = syntheticSeven();
  const figure = new Figure({ width: 640, height: 720, rows: 5, cols: 4, fontSize: 10 });
  const random = seededRandom(7);
  for (let i = 0; i < 10; i++) {
    const row = Math.floor(i / 2);
    const col = (i % 2) * 2;
    const raw = Array.from({ length: 10 }, (_, k) => (k === 7 ? 4 : random()));
    const total = raw.reduce((a, b) => a + b, 0);
    figure
      .panel(row, col)
      .image(digit, 28, 28, { vmin: 0, vmax: 1 })
      .title(`${i % 3 === 0 ? 1 : 7} / 7`);
    figure.panel(row, col + 1).bars(
      raw.map((v) => v / total),
      { ylim: [0, 1] },
    );
  }
  return figure;
}

/** Every example by a file-friendly name. */
export function exampleFigures(): Record<string, Figure> {
  return {
    temperature: temperatureFigure(),
    classification: classificationFigure(),
    accuracy: accuracyFigure(),
    'image-grid': imageGridFigure(),
    'prediction-grid': predictionGridFigure(),
  };
}
