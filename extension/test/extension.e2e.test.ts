import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium-driver.js';
import { startKithUnderTest, type KithUnderTest } from './kith-under-test.js';
import { POPUP_SCENARIOS } from './popup-scenarios.js';

// The unpacked extension in Chromium against a real Kith server on 127.0.0.1 (what `kith serve` starts).
let kith: KithUnderTest;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  kith = await startKithUnderTest();
  chromium = await launchChromium();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await kith?.close();
});

describe('the extension in Chromium', () => {
  it('is set up in its options page: the Kith URL and a token, checked against the server', async () => {
    expect(await chromium.driver.configure(kith.serverUrl, kith.token)).toMatch(/^Saved\. Connected to http:\/\/127\.0\.0\.1:\d+ as [^(]+\.$/);
  });

  for (const [title, run] of POPUP_SCENARIOS) it(title, () => run({ driver: chromium.driver, kith }));
});
