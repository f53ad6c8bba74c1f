import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Document, Packer, Paragraph } from 'docx';
import { runCli } from '../test-support/run-cli.js';

describe('kith resume add FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-resume-cli-'));
  const kith = (...args: string[]) => runCli(['--data', join(dir, 'data'), ...args], { env: { KITH_EMBEDDING_MODEL: 'lexical' } });

  it('reads a DOCX into a résumé version, lists it, and refuses a missing file', { timeout: 180_000 }, async () => {
    const docx = join(dir, 'cv.docx');
    writeFileSync(docx, await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Data engineer'), new Paragraph('Airflow, dbt, Snowflake')] }] })));
    const added = kith('resume', 'add', docx, '--name', 'Data 2026');
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout).resume).toMatchObject({ name: 'Data 2026', format: 'docx', file_name: 'cv.docx' });
    const list = JSON.parse(kith('resume', 'list').stdout);
    expect(list.resumes.map((r: { name: string; format: string }) => [r.name, r.format])).toEqual([['Data 2026', 'docx']]);
    expect(list.resumes[0].text_preview).toBe('Data engineer\n\nAirflow, dbt, Snowflake');
    const missing = kith('resume', 'add', join(dir, 'nope.pdf'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('cannot read');
  });
});
