import { config } from 'zod/v4/core';

// zod compiles object parsers with new Function() unless told not to; the page's content security
// policy forbids eval, and zod's probe for it would be reported as a violation on every load.
config({ jitless: true });
