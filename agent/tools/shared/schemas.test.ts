import { describe, expect, it } from 'vitest';
import { ContactRef, DayString, InstantString, LIMITS, OpportunityRef, RecordId } from './schemas.js';
import { findNulByte } from './text-guard.js';

const refused = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => !schema.safeParse(value).success;

describe('shared schemas', () => {
  it('refuse impossible and out-of-range dates, as days and as instants', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '-271821-04-20', '+275760-09-13', '9999-12-31', '1899-12-31', '2024-13-01', '20240101']) {
      expect(refused(DayString, bad), bad).toBe(true);
    }
    for (const bad of ['2024-02-30T10:00:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00Z', '9999-12-31T23:59:59Z', 'next friday', '2024-01-01T25:00:00Z', '1e20']) {
      expect(refused(InstantString, bad), bad).toBe(true);
    }
    expect(DayString.parse('2024-02-29')).toBe('2024-02-29');
    for (const ok of ['2026-11-25', '2026-11-25T10:00:00Z', '2026-11-25T10:00:00.123+02:00', '2026-11-25T10:00']) expect(InstantString.parse(ok)).toBe(ok);
  });

  it('cap references and ids, so that a lookup reads a bounded text', () => {
    expect(refused(ContactRef, 'x'.repeat(LIMITS.reference + 1))).toBe(true);
    expect(refused(OpportunityRef, 'x'.repeat(LIMITS.reference + 1))).toBe(true);
    expect(ContactRef.parse('  Priya Patel ')).toBe('Priya Patel');
    expect(refused(RecordId, '-'.repeat(36))).toBe(true);
    expect(RecordId.parse('3f1c2a9e-0b7d-4c1e-9a55-1b2c3d4e5f60')).toBe('3f1c2a9e-0b7d-4c1e-9a55-1b2c3d4e5f60');
  });

  it('find a NUL character anywhere in an input and name where it is', () => {
    expect(findNulByte({ contact: 'Pri\u0000ya' })).toBe('contact');
    expect(findNulByte({ data: { contacts: [{ first_name: 'a' }, { notes: 'x\u0000' }] } })).toBe('data.contacts[1].notes');
    expect(findNulByte({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findNulByte({ a: ['fine', 1, null, { b: true }] })).toBeUndefined();
  });
});
