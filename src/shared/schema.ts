// Field schemas: one definition per user-facing value, holding its label (the words the person sees
// on the form, in the CLI help and in every message) and its limits. The same Field checks a value
// that crossed the contract (check) and parses what a person typed in a form or on the command line
// (parse), so a limit is written once and every message names the field the way the UI does.
// Constraint: imports nothing at run time from Electron, Node or the DOM (like contract.ts).

import { ContractError } from './contract.js';

/** A value was refused; the message starts with the field's label and says what was expected. */
export class FieldError extends Error {
  override readonly name = 'FieldError';
}

export type FieldKind = 'int' | 'number' | 'choice' | 'bool' | 'intList';

export interface Field<T> {
  readonly kind: FieldKind;
  /** What the person sees: "Learning rate", "KL warm-up epochs". */
  readonly label: string;
  /** The rule in words, to follow "must be": "a whole number from 2 to 128". */
  readonly rule: string;
  /** Numeric bounds, for an input's min/max attributes (numbers only; a list's bounds are per item). */
  readonly bounds: { min?: number; max?: number };
  /** Checks a value that came through the contract (numbers, booleans, arrays as they are). */
  check(value: unknown): T;
  /** Parses text typed by a person (a form field, a CLI flag value). */
  parse(text: string): T;
  /** The same rule under another label ("Image A" and "Image B" are both dataset indices). */
  named(label: string): Field<T>;
}

/** How a refused value is shown: short, never the whole of a long value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nothing';
  if (typeof value === 'string') {
    if (value.trim() === '') return 'nothing';
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return `a ${typeof value}`;
}

export function refuse(label: string, rule: string, value: unknown): never {
  throw new FieldError(`${label} must be ${rule} (got ${describeValue(value)}).`);
}

/** Limits shown to people: 4294967295 reads better as 4,294,967,295; tiny ones stay exact. */
function show(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 10_000 ? n.toLocaleString('en-US') : String(n);
}

const REFUSED = Symbol('refused');
type Accept<T> = (value: unknown) => T | typeof REFUSED;

function field<T>(
  kind: FieldKind,
  label: string,
  rule: string,
  accept: Accept<T>,
  fromText: (text: string) => unknown,
  bounds: { min?: number; max?: number } = {},
): Field<T> {
  const check = (v: unknown): T => {
    const out = accept(v);
    return out === REFUSED ? refuse(label, rule, v) : out;
  };
  return {
    kind,
    label,
    rule,
    bounds,
    check,
    parse: (t) => {
      const out = accept(fromText(t));
      // Typed numbers are echoed as typed ("got 0", "got -2"); other text in quotes.
      if (out !== REFUSED) return out;
      return refuse(label, rule, /^\s*[+-]?[\d.]+(e[+-]?\d+)?\s*$/i.test(t) ? Number(t.trim()) : t);
    },
    named: (other) => field(kind, other, rule, accept, fromText, bounds),
  };
}

/** A number typed by a person: plain decimal or exponent notation, nothing else ("", "0x10", "1e" are refused). */
function textToNumber(text: string): number {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

export function intField(label: string, min: number, max: number = Number.MAX_SAFE_INTEGER): Field<number> {
  const rule = `a whole number from ${show(min)}${max < Number.MAX_SAFE_INTEGER ? ` to ${show(max)}` : ' up'}`;
  return field(
    'int',
    label,
    rule,
    (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : REFUSED),
    textToNumber,
    max < Number.MAX_SAFE_INTEGER ? { min, max } : { min },
  );
}

export function numberField(label: string, min: number, max: number, opts: { aboveMin?: boolean } = {}): Field<number> {
  const rule = opts.aboveMin
    ? `a number above ${show(min)}${max < Infinity ? ` and at most ${show(max)}` : ''}`
    : `a number from ${show(min)}${max < Infinity ? ` to ${show(max)}` : ' up'}`;
  return field(
    'number',
    label,
    rule,
    (v) =>
      typeof v === 'number' && Number.isFinite(v) && (opts.aboveMin ? v > min : v >= min) && v <= max ? v : REFUSED,
    textToNumber,
    max < Infinity ? { min, max } : { min },
  );
}

export function choiceField<T extends string>(label: string, options: readonly T[]): Field<T> {
  return field(
    'choice',
    label,
    `one of ${options.join(', ')}`,
    (v) => ((options as readonly unknown[]).includes(v) ? (v as T) : REFUSED),
    (t) => t.trim(),
  );
}

export function boolField(label: string): Field<boolean> {
  return field(
    'bool',
    label,
    'on or off (true or false)',
    (v) => (typeof v === 'boolean' ? v : REFUSED),
    (t) => {
      const s = t.trim().toLowerCase();
      return ['true', 'on', 'yes', '1'].includes(s) ? true : ['false', 'off', 'no', '0'].includes(s) ? false : t;
    },
  );
}

/** A list of whole numbers, typed as "512, 256" (commas and/or spaces). */
export function intListField(
  label: string,
  items: { min: number; max: number },
  length: { min: number; max: number },
  example: string,
): Field<number[]> {
  const count = length.min === length.max ? `${length.min}` : `${length.min} to ${length.max}`;
  const rule = `${count} whole numbers from ${show(items.min)} to ${show(items.max)}, e.g. "${example}"`;
  return field(
    'intList',
    label,
    rule,
    (v) =>
      Array.isArray(v) &&
      v.length >= length.min &&
      v.length <= length.max &&
      v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= items.min && x <= items.max)
        ? [...(v as number[])]
        : REFUSED,
    // "512, 256" and "512 256" are lists; "512,,256" is a typo and is refused.
    (t) =>
      t.trim() === ''
        ? []
        : t
            .trim()
            .split(/\s*,\s*|\s+/)
            .map(textToNumber),
  );
}

/**
 * An optional setting (e.g. one a model saved before it existed lacks): absent, or empty text in a form
 * or flag, is `undefined`; anything else must pass `f`.
 */
export function optionalField<T>(f: Field<T>): Field<T | undefined> {
  const wrap = (g: Field<T>): Field<T | undefined> => {
    const rule = `${g.rule}, or nothing`;
    // The inner field's refusal, restated with this field's rule.
    const restate = <R>(run: () => R, value: unknown): R => {
      try {
        return run();
      } catch (e) {
        if (e instanceof FieldError) refuse(g.label, rule, value);
        throw e;
      }
    };
    return {
      kind: g.kind,
      label: g.label,
      rule,
      bounds: g.bounds,
      check: (v) => (v === undefined ? undefined : restate(() => g.check(v), v)),
      parse: (t) => (t.trim() === '' ? undefined : restate(() => g.parse(t), t)),
      named: (other) => wrap(g.named(other)),
    };
  };
  return wrap(f);
}

/** A value checked by its field where a contract error is wanted (engine, export): BAD_ARGUMENT with the field's message. */
export function checkArg<T>(f: Field<T>, value: unknown): T {
  try {
    return f.check(value);
  } catch (e) {
    if (e instanceof FieldError) throw new ContractError('BAD_ARGUMENT', e.message);
    throw e;
  }
}
