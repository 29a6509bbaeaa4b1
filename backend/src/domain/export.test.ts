import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './eventsList.ts';
import { nanoToDollarText, neutralizeFormula } from './export.ts';

describe('event cursors', () => {
  it('round-trip the last id of a period', () => {
    expect(decodeCursor(encodeCursor('2026-11', 12345), '2026-11')).toBe(12345);
  });

  it('are opaque', () => {
    expect(encodeCursor('2026-11', 7)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuse a cursor of another period and text that is not a cursor', () => {
    expect(() => decodeCursor(encodeCursor('2026-10', 5), '2026-11')).toThrow(/belongs to period 2026-10/);
    expect(() => decodeCursor('garbage', '2026-11')).toThrow(/not a cursor/);
  });
});

describe('CSV cells', () => {
  it('write nano-dollars as exact dollars', () => {
    expect(nanoToDollarText(0)).toBe('0.000000000');
    expect(nanoToDollarText(1234)).toBe('0.000001234');
    expect(nanoToDollarText(12_500_000_001)).toBe('12.500000001');
  });

  it('keep reported text from running as a spreadsheet formula', () => {
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('gpt-4o')).toBe('gpt-4o');
  });
});
