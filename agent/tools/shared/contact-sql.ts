import { sql } from 'drizzle-orm';
import { crmContacts } from '../../../db/schema/index.js';

export const contactSearchTextSql = sql`${crmContacts.searchText}`;
