import type { crmSyncAccounts } from '../../../db/schema/index.js';
import { defaultRetryPolicy, type RetryPolicy } from './rate-limit.js';
import type { CrmRemote } from './remote.js';

export type CrmCredentials = { access_token: string } | { client_id: string; client_secret?: string; refresh_token: string };

/**
 * The client for a stored connection, its credentials opened only for this sync. The client
 * libraries load here, on a sync, not with the catalog: jsforce alone costs every process that
 * lists the tools a quarter of a second of start-up.
 */
export async function remoteFor(account: typeof crmSyncAccounts.$inferSelect, credentials: CrmCredentials, retry: RetryPolicy = defaultRetryPolicy()): Promise<CrmRemote> {
  if (account.provider === 'hubspot') {
    if (!('access_token' in credentials)) throw new Error('The stored HubSpot credentials are incomplete: connect HubSpot again.');
    const { hubspotRemote } = await import('./hubspot-remote.js');
    return hubspotRemote({ accessToken: credentials.access_token, basePath: account.baseUrl, retry });
  }
  if (!('refresh_token' in credentials)) throw new Error('The stored Salesforce credentials are incomplete: connect Salesforce again.');
  const { salesforceRemote } = await import('./salesforce-remote.js');
  return salesforceRemote({
    instanceUrl: account.baseUrl, loginUrl: account.loginUrl ?? 'https://login.salesforce.com',
    clientId: credentials.client_id, clientSecret: credentials.client_secret, refreshToken: credentials.refresh_token, retry,
  });
}
