import { sql } from 'drizzle-orm';
import { crmContacts } from '../../../db/schema/index.js';

/** The expressions the trigram indexes are built on; queries must use exactly these. */
export const contactFullNameSql = sql`lower(${crmContacts.firstName} || ' ' || ${crmContacts.lastName})`;
export const contactSearchTextSql = sql`${crmContacts.searchText}`;
