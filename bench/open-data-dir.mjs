// The floor of a one-shot command: start Node, open an embedded data directory with the extensions
// Kith loads, run one statement, close, exit. `kith call` can be no faster than this.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';

const client = await PGlite.create({ dataDir: process.argv[2], extensions: { vector, pg_trgm, btree_gin }, initialMemory: 256 * 1024 * 1024 });
await client.query('select 1');
await client.close();
