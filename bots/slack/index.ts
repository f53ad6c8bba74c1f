export { mountSlack, slackBotOf, SLACK_EVENTS_PATH, type MountSlackDeps } from './mount.js';
export { createSlackBot, type SlackBot, type SlackBotOptions } from './create-slack-bot.js';
export { readSlackConfig, type SlackConfig } from './config.js';
export { createLinkCode, redeemLinkCode, LINK_CODE_TTL_MINUTES, type LinkCode } from './link-codes.js';
export { createDigestScheduler, type DigestScheduler, type DigestRunReport } from './digest.js';
export { signSlackRequest, checkSlackSignature } from './signature.js';
