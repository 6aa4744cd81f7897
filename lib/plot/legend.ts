/** The legend box, drawn inside a panel's corner like matplotlib's `legend(loc=…)`. */
import type { LegendEntry, LegendHandle } from './layers';
import type { Box } from './layout';
import { markerPaint, markerPathData } from './markers';
import { el, fmt } from './svg';
import { estimateTextWidth, renderText, type TextMode } from './text';

export type LegendPosition = 'upper right' | 'upper left' | 'lower left' | 'lower right';

/** Sizes in font-size units, after matplotlib's legend defaults (handle length 2, padding 0.4, spacing 0.5). */
const HANDLE_LENGTH = 2;
const PAD = 0.4;
const BORDER_INSET = 0.5;
const ROW_HEIGHT = 1.3;
const HANDLE_GAP = 0.8;

export function renderLegend(
  entries: readonly LegendEntry[],
  position: LegendPosition,
  plot: Box,
  fontSize: number,
  mode: TextMode,
): string {
  if (entries.length === 0) return '';
  const textWidth = Math.max(...entries.map((e) => estimateTextWidth(e.label, fontSize)));
  const width = (PAD * 2 + HANDLE_LENGTH + HANDLE_GAP) * fontSize + textWidth;
  const height = (PAD * 2 + ROW_HEIGHT * entries.length) * fontSize;
  const inset = BORDER_INSET * fontSize;
  const left = position.endsWith('left') ? plot.x + inset : plot.x + plot.width - inset - width;
  const top = position.startsWith('upper') ? plot.y + inset : plot.y + plot.height - inset - height;
  const frame = el('rect', {
    x: left,
    y: top,
    width,
    height,
    rx: fontSize * 0.2,
    fill: '#fff',
    'fill-opacity': 0.8,
    stroke: '#ccc',
    'stroke-width': 1,
  });
  const rows = entries.map((entry, index) => {
    const rowMiddle = top + (PAD + ROW_HEIGHT * (index + 0.5)) * fontSize;
    const handleLeft = left + PAD * fontSize;
    const handle = renderHandle(entry.handle, handleLeft, rowMiddle, fontSize);
    const label = renderText(
      {
        x: handleLeft + (HANDLE_LENGTH + HANDLE_GAP) * fontSize,
        y: rowMiddle,
        content: entry.label,
        size: fontSize,
        vertical: 'middle',
      },
      mode,
    );
    return handle + label;
  });
  return el('g', {}, [frame, ...rows]);
}

function renderHandle(handle: LegendHandle, left: number, middle: number, fontSize: number): string {
  const centre = left + (HANDLE_LENGTH * fontSize) / 2;
  switch (handle.kind) {
    case 'marker':
      return el('path', {
        d: markerPathData(handle.marker, centre, middle, handle.size),
        ...markerPaint(handle.marker, handle.color, Math.max(1, handle.size / 5)),
      });
    case 'line':
      return el('path', {
        d: `M${fmt(left)} ${fmt(middle)}h${fmt(HANDLE_LENGTH * fontSize)}`,
        stroke: handle.color,
        'stroke-width': handle.width,
      });
    case 'patch':
      return el('rect', {
        x: left,
        y: middle - fontSize * 0.35,
        width: HANDLE_LENGTH * fontSize,
        height: fontSize * 0.7,
        fill: handle.color,
      });
  }
}
