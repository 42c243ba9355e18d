// The scatter's shaders write their tint unconverted, so a tint must carry the CSS colour's own values:
// then a point looks like its legend swatch and a ring like the theme's A/B colour.
import { describe, expect, it } from 'vitest';
import { labelColour } from './palette';
import { shaderColour } from './scatter-view';

describe('shaderColour', () => {
  it('keeps the CSS values of hex and hsl colours', () => {
    const a = shaderColour('#c98a00');
    expect([a.r, a.g, a.b].map((v) => Math.round(v * 255))).toEqual([201, 138, 0]);
    const orange = shaderColour('#f28e2b');
    expect([orange.r, orange.g, orange.b].map((v) => Math.round(v * 255))).toEqual([242, 142, 43]);
  });

  it('draws the colours of datasets with more than ten labels, not white', () => {
    // Label 4 of 12: hue 120 (green), 65% saturation, 58% lightness → rgb(78, 218, 78) in CSS.
    const c = shaderColour(labelColour(4, 12));
    expect([c.r, c.g, c.b].map((v) => Math.round(v * 255))).toEqual([78, 218, 78]);
  });
});
