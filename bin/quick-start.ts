import { setFlagsFromString } from 'node:v8';

/**
 * For one-shot commands (`kith call`, `kith chat "…"`, `kith user add`, ...): run PGlite's WebAssembly with V8's
 * baseline compiler only. By default V8 also recompiles hot Postgres functions with its optimizing
 * compiler in background threads, which a process that lives for one query never profits from, and
 * which it must wait for at exit; measured here, opening a data directory and answering one query
 * takes about 0.3 s less this way. Long-running commands (serve, mcp, import) keep the default.
 * Call it before the database opens: it applies to WebAssembly compiled afterwards (the sentence
 * encoder's too, which for the few texts of one command loses less than its tier-up would cost).
 */
export function preferQuickStart(): void {
  setFlagsFromString('--liftoff-only');
}
