/** The frame of a panel: spines, outward tick marks and tick labels, as matplotlib draws them. */
import type { Box } from './layout';
import type { LinearScale } from './scale';
import { el, fmt } from './svg';
import { renderText, type TextMode } from './text';
import type { Ticks } from './ticks';

/** Tick geometry in font-size units: matplotlib's 3.5 pt ticks and padding at 10 pt text. */
export const TICK_LENGTH = 0.35;
export const TICK_PAD = 0.35;

export interface AxisStyle {
  readonly fontSize: number;
  readonly mode: TextMode;
}

/** The four spines as one rectangle; drawn after the data so the frame stays on top of images. */
export function renderSpines(plot: Box): string {
  return el('rect', {
    x: plot.x,
    y: plot.y,
    width: plot.width,
    height: plot.height,
    fill: 'none',
    stroke: '#000',
    'stroke-width': 1,
  });
}

/** Ticks below the plot with labels centred under them; ticks outside the limits are skipped. */
export function renderXAxis(plot: Box, scale: LinearScale, ticks: Ticks, style: AxisStyle): string {
  const bottom = plot.y + plot.height;
  const length = TICK_LENGTH * style.fontSize;
  const visible = visibleTicks(ticks, scale, plot.x, plot.x + plot.width);
  const marks = visible.map(({ px }) => `M${fmt(px)} ${fmt(bottom)}v${fmt(length)}`).join('');
  const labels = visible.map(({ px, label }) =>
    renderText(
      {
        x: px,
        y: bottom + length + TICK_PAD * style.fontSize,
        content: label,
        size: style.fontSize,
        anchor: 'middle',
        vertical: 'top',
      },
      style.mode,
    ),
  );
  return tickGroup(marks, labels);
}

/** Ticks left of the plot with labels right-aligned against them. */
export function renderYAxis(plot: Box, scale: LinearScale, ticks: Ticks, style: AxisStyle): string {
  const length = TICK_LENGTH * style.fontSize;
  const visible = visibleTicks(ticks, scale, plot.y, plot.y + plot.height);
  const marks = visible.map(({ px }) => `M${fmt(plot.x)} ${fmt(px)}h${fmt(-length)}`).join('');
  const labels = visible.map(({ px, label }) =>
    renderText(
      {
        x: plot.x - length - TICK_PAD * style.fontSize,
        y: px,
        content: label,
        size: style.fontSize,
        anchor: 'end',
        vertical: 'middle',
      },
      style.mode,
    ),
  );
  return tickGroup(marks, labels);
}

function tickGroup(marks: string, labels: string[]): string {
  if (marks === '') return '';
  return el('path', { d: marks, stroke: '#000', 'stroke-width': 1 }) + labels.join('');
}

/** Half a pixel of slack so that a tick exactly on a limit survives float rounding. */
const EDGE_SLACK_PX = 0.5;

function visibleTicks(ticks: Ticks, scale: LinearScale, lo: number, hi: number): { px: number; label: string }[] {
  return ticks.values
    .map((value, i) => ({ px: scale(value), label: ticks.labels[i] ?? '' }))
    .filter(({ px }) => px >= lo - EDGE_SLACK_PX && px <= hi + EDGE_SLACK_PX);
}
