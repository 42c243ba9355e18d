import { describe, expect, it } from 'vitest';
import { uniqueName } from './unique-name.js';

describe('uniqueName', () => {
  it('keeps a free name, suffixes a taken one with the first free number, ignoring case and spaces', () => {
    expect(uniqueName('digits', [])).toBe('digits');
    expect(uniqueName(' digits ', ['other'])).toBe('digits');
    expect(uniqueName('digits', ['Digits'])).toBe('digits (2)');
    expect(uniqueName('digits', ['digits', 'digits (2)', 'digits (4)'])).toBe('digits (3)');
    // A name that already carries a suffix counts up from its base, not "x (2) (2)".
    expect(uniqueName('digits (2)', ['digits', 'digits (2)'])).toBe('digits (3)');
  });
});
