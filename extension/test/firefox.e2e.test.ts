import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox } from './firefox-driver.js';
import { startKithUnderTest, type KithUnderTest } from './kith-under-test.js';
import { POPUP_SCENARIOS } from './popup-scenarios.js';

// The same unpacked extension and the same scenarios as in Chromium, in Firefox ESR (headless,
// WebDriver BiDi), against a real Kith server on 127.0.0.1.
let kith: KithUnderTest;
let firefox: Awaited<ReturnType<typeof launchFirefox>>;

beforeAll(async () => {
  kith = await startKithUnderTest();
  firefox = await launchFirefox();
}, 240_000);

afterAll(async () => {
  await firefox?.close();
  await kith?.close();
});

describe('the extension in Firefox', () => {
  it('is set up in its options page: the Kith URL and a token, checked against the server', async () => {
    expect(await firefox.driver.configure(kith.serverUrl, kith.token)).toMatch(/^Saved\. Connected to http:\/\/127\.0\.0\.1:\d+ as [^(]+\.$/);
  });

  for (const [title, run] of POPUP_SCENARIOS) it(title, () => run({ driver: firefox.driver, kith }));
});
