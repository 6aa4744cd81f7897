import { describe, expect, it } from 'vitest';
import * as plot from './index';
import { wellFormednessProblems } from './xml-check';

describe('the public API', () => {
  it('should build, render and rasterise a figure through the index alone', () => {
    const figure = new plot.Figure({ width: 240, height: 240 });
    figure
      .panel()
      .xlim(-15, 15)
      .ylim(-15, 15)
      .scatter([-5, 5], [5, -5], { marker: 'x', label: 'Infected' })
      .legend('upper left');
    expect(wellFormednessProblems(figure.toSVG())).toEqual([]);
    expect(plot.renderPng(figure).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(plot.niceTicks(-15, 15, 6).values).toEqual([-15, -10, -5, 0, 5, 10, 15]);
    expect(plot.colormap('gray_r')(1)).toEqual([0, 0, 0]);
    expect(plot.DEFAULT_COLORS[0]).toBe('#1f77b4');
    expect(plot.defaultFontOptions()).toBeTypeOf('object');
  });
});
