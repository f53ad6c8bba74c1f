export type Values<F extends string> = Record<F, string | null>;

export interface FieldConflict<F extends string = string> {
  field: F;
  kith_value: string | null;
  remote_value: string | null;
  /** Which side's value was kept: the one written last (last write wins, per field). */
  kept: 'kith' | 'remote';
}

export interface Merged<F extends string> {
  merged: Values<F>;
  toKith: Partial<Values<F>>;
  toRemote: Partial<Values<F>>;
  conflicts: FieldConflict<F>[];
}

const norm = (v: string | null | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};
const same = (a: string | null, b: string | null) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase() && (a === null) === (b === null);

/**
 * One record's fields from both sides against what both had at the last sync (`base`; null for
 * records first matched now): a field changed on one side only takes that side's value; a field
 * changed on both (or, first matched, different on both with no base) takes the value of the side
 * written last, and is reported as a conflict. A value only one side has fills the other.
 */
export function mergeFields<F extends string>(
  fields: readonly F[], kith: Values<F>, remote: Values<F>, base: Partial<Values<F>> | null, kithAt: Date, remoteAt: Date,
): Merged<F> {
  const out: Merged<F> = { merged: {} as Values<F>, toKith: {}, toRemote: {}, conflicts: [] };
  for (const f of fields) {
    const k = norm(kith[f]);
    const r = norm(remote[f]);
    let value: string | null;
    if (same(k, r)) value = k;
    else if (base && f in base && same(k, norm(base[f]))) value = r;
    else if (base && f in base && same(r, norm(base[f]))) value = k;
    else if (!base && (k === null || r === null)) value = k ?? r;
    else {
      const kept = kithAt.getTime() >= remoteAt.getTime() ? 'kith' : 'remote';
      value = kept === 'kith' ? k : r;
      out.conflicts.push({ field: f, kith_value: k, remote_value: r, kept });
    }
    out.merged[f] = value;
    if (!same(value, k)) out.toKith[f] = value;
    if (!same(value, r)) out.toRemote[f] = value;
  }
  return out;
}
