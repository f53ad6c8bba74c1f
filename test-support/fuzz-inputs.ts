import fc from 'fast-check';
import type { AnyTool } from '../agent/tools/define-tool.js';

/** Values that once reached the database as 500s: NUL, impossible and far dates, huge and odd texts. */
const nasty = fc.constantFrom(
  'a\u0000b', '2024-02-30', '-271821-04-20', '+275760-09-13', '9999-12-31', '2024-02-30T10:00:00Z', '+275760-09-13T00:00:00.000Z',
  'x'.repeat(3000) + '@example.com', 'x'.repeat(300_000), '-'.repeat(36), '00000000-0000-0000-0000-000000000000', '', ' ', '🙂', "'; drop table users; --",
  'Priya', 'priya@stripe.com', 'yes', 'NaN', '1e400',
);

export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nasty, fc.string({ maxLength: 40 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** An input for a tool: its own fields (some of them) with any values, sometimes a stray field. */
export function toolInput(tool: AnyTool): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(tool.input.shape);
  const fields = Object.fromEntries(keys.map((k) => [k, anyValue]));
  return fc.record({ ...fields, stray: anyValue }, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
}
