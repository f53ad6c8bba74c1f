/** How long a Slack link code is valid; apart from link-codes.ts so that the CLI's help can name it without loading the database layer. */
export const LINK_CODE_TTL_MINUTES = 15;
