import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { mountClient } from './static-client.js';

/** The built page as the browser gets it: hashed chunks compressed and kept a year, the page itself always asked again. */
describe('the built client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-static-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'assets'));
  const chunk = `export const rows = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `row ${i}`))};\n`;
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), chunk);
  const app = new Hono();
  mountClient(app, dir);

  it('sends a hashed chunk gzipped to a browser that takes gzip, cached for a year as immutable', async () => {
    const res = await app.request('/assets/index-AbC123.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(chunk.length / 2);
    expect(gunzipSync(body).toString()).toBe(chunk);
  });

  it('sends it plain to a client that does not take gzip', async () => {
    const res = await app.request('/assets/index-AbC123.js');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(chunk);
  });

  it('has the page itself checked again on every visit (it names the current chunks), with its security policy', async () => {
    const res = await app.request('/', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await res.text()).toContain('/assets/index-AbC123.js');
  });
});
