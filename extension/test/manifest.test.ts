import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtension, EXTENSION_ROOT } from './build-extension.js';

// The built extension as a store sees it: its manifest, the APIs its code calls, and web-ext lint.
let dist: string;
let manifest: Record<string, any>;
let code: string;

beforeAll(() => {
  dist = buildExtension();
  manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  code = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
});

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the built extension', () => {
  it('asks for no permission it does not use, and calls no API it has not asked for', () => {
    const apis = [...new Set([...code.matchAll(/\bchrome\.(\w+)\.(\w+)/g)].map((m) => `${m[1]}.${m[2]}`))].sort();
    // tabs.query (the active tab's id) and permissions.request need no permission of their own;
    // activeTab is what lets scripting.executeScript read the tab the toolbar button was clicked on
    expect(apis).toEqual(['permissions.request', 'scripting.executeScript', 'storage.local', 'tabs.query']);
    expect(manifest.permissions).toEqual(['activeTab', 'scripting', 'storage']);
    // the one Kith origin, asked for in the options page (chrome.permissions.request)
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    for (const key of ['host_permissions', 'content_scripts', 'background', 'web_accessible_resources', 'externally_connectable']) expect(manifest).not.toHaveProperty(key);
  });

  it('has the Firefox keys right: its id, the Firefox it is built for, and the data it sends (to the user\'s Kith)', () => {
    const gecko = manifest.browser_specific_settings.gecko;
    expect(gecko.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    const target = /firefox(\d+)/.exec(readFileSync(join(EXTENSION_ROOT, 'build.mjs'), 'utf8'))![1];
    expect(gecko.strict_min_version).toBe(`${target}.0`);
    // saved people (names, e-mail addresses), logged e-mails, page text and the page's address
    expect(gecko.data_collection_permissions).toEqual({ required: ['personallyIdentifyingInfo', 'personalCommunications', 'websiteContent', 'browsingActivity'] });
    expect(manifest.manifest_version).toBe(3);
  });

  it('is built by the repository\'s npm run build (node extension/build.mjs, into extension/dist, the folder the README says to load)', () => {
    const pkg = JSON.parse(readFileSync(join(EXTENSION_ROOT, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build.split(' && ')).toContain('node extension/build.mjs');
    expect(readFileSync(join(EXTENSION_ROOT, 'README.md'), 'utf8')).toContain('choose `extension/dist`');
  });

  it('passes web-ext lint with no errors and no warnings', () => {
    const bin = join(EXTENSION_ROOT, '..', 'node_modules', 'web-ext', 'bin', 'web-ext.js');
    // it exits 1 on errors: the report on stdout says which
    const run = spawnSync(process.execPath, [bin, 'lint', '--source-dir', dist, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { errors: unknown[]; warnings: unknown[]; notices: unknown[] };
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: [], warnings: [] });
  }, 60_000);
});
