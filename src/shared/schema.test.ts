// The field schema: what a person types and what crosses the contract are checked by one rule, and
// every refusal names the field by its label.
import { describe, expect, it } from 'vitest';
import { FieldError, intField, intListField, numberField, optionalField } from './schema.js';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldError);
    return (e as Error).message;
  }
  throw new Error('expected a FieldError');
}

describe('schema fields', () => {
  it('parse typed text and check contract values by the same rule', () => {
    const latent = intField('Latent size', 2, 128);
    expect(latent.parse(' 20 ')).toBe(20);
    expect(latent.check(128)).toBe(128);
    expect(message(() => latent.parse('1'))).toBe('Latent size must be a whole number from 2 to 128 (got 1).');
    expect(message(() => latent.check(2.5))).toBe('Latent size must be a whole number from 2 to 128 (got 2.5).');
    expect(message(() => latent.parse('0x10'))).toMatch(/\(got "0x10"\)\.$/);
    expect(message(() => latent.check(null))).toMatch(/\(got nothing\)\.$/);
    expect(latent.bounds).toEqual({ min: 2, max: 128 });
    const lr = numberField('Learning rate', 0, 1, { aboveMin: true });
    expect(lr.parse('3e-4')).toBe(3e-4);
    expect(message(() => lr.parse('0'))).toBe('Learning rate must be a number above 0 and at most 1 (got 0).');
  });

  it('lists: "512, 256" and "512 256" are lists, an empty text and ",," are refused', () => {
    const hidden = intListField('Hidden sizes', { min: 1, max: 8 }, { min: 1, max: 2 }, '4, 2');
    expect(hidden.parse('4, 2')).toEqual([4, 2]);
    expect(hidden.parse('4 2')).toEqual([4, 2]);
    expect(message(() => hidden.parse(''))).toMatch(/^Hidden sizes must be 1 to 2 whole numbers/);
    expect(message(() => hidden.parse('4,,2'))).toMatch(/^Hidden sizes/);
    expect(message(() => hidden.check([]))).toMatch(/^Hidden sizes/);
  });

  it('named copies keep the rule under another label; optional fields accept nothing', () => {
    const a = intField('Image number', 0).named('Image A');
    expect(message(() => a.check(undefined))).toBe('Image A must be a whole number from 0 up (got nothing).');
    const filters = optionalField(intListField('Conv filters', { min: 1, max: 1024 }, { min: 1, max: 7 }, '32, 64'));
    expect(filters.check(undefined)).toBeUndefined();
    expect(filters.parse('  ')).toBeUndefined();
    expect(filters.parse('32, 64')).toEqual([32, 64]);
    expect(message(() => filters.check([0]))).toMatch(/^Conv filters must be .*, or nothing \(got a list of 1\)\.$/);
  });
});
