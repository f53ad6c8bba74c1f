import { describe, it, expect } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Document, Packer, Paragraph } from 'docx';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';

async function pdfOf(lines: string[]): Promise<string> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 750 - i * 18, size: 11, font }));
  return Buffer.from(await doc.save()).toString('base64');
}

async function docxOf(lines: string[]): Promise<string> {
  const doc = new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] });
  return (await Packer.toBuffer(doc)).toString('base64');
}

const JOB = `Payments platform team.
Requirements:
- Strong Go or Java
- PostgreSQL and Kafka
- Kubernetes and AWS
Nice to have: Terraform, gRPC`;

describe.each(STORAGES)('résumés and match scores on %s', (storage) => {
  const t = withAliceAndBob(storage);

  it('extracts the text of a PDF and a DOCX, keeps versions, and refuses what it cannot read', async () => {
    const pdf = await t.h.call(t.alice.id, 'add_resume', { content_base64: await pdfOf(['Alice Example - Backend Engineer', 'Go, PostgreSQL, k8s on AWS']), file_name: 'alice-backend.pdf' });
    expect(pdf.resume).toMatchObject({ name: 'alice-backend', format: 'pdf', file_name: 'alice-backend.pdf' });
    expect(pdf.resume.text_preview).toContain('Go, PostgreSQL, k8s on AWS');
    t.h.setNow('2026-11-25T15:01:00Z');
    const docx = await t.h.call(t.alice.id, 'add_resume', { content_base64: await docxOf(['Alice Example', 'Kafka pipelines and gRPC services']), file_name: 'cv.docx', name: 'Data v2' });
    expect(docx.resume).toMatchObject({ name: 'Data v2', format: 'docx' });
    expect(docx.resume.text_preview).toBe('Alice Example\n\nKafka pipelines and gRPC services');
    const list = await t.h.call(t.alice.id, 'list_resumes', { include_text: true });
    expect(list.resumes.map((r: { name: string }) => r.name)).toEqual(['Data v2', 'alice-backend']);

    expect((await t.h.error(t.alice.id, 'add_resume', { text: 'x', content_base64: 'eA==' })).details.field).toBe('text');
    const notPdf = await t.h.error(t.alice.id, 'add_resume', { content_base64: Buffer.from('hello there').toString('base64'), file_name: 'a.txt' });
    expect(notPdf.details.field).toBe('content_base64');
    const broken = await t.h.error(t.alice.id, 'add_resume', { content_base64: Buffer.from('%PDF-1.7 garbage').toString('base64') });
    expect(broken.message).toContain('could not be read');
    expect((await t.h.call(t.alice.id, 'list_resumes')).resumes).toHaveLength(2);
  });

  it('scores an opportunity on its description and résumé, again when either changes, and explains it', async () => {
    t.h.setNow('2026-11-25T15:02:00Z');
    const backend = await t.h.call(t.alice.id, 'add_resume', { name: 'Backend', text: 'Senior backend engineer. Golang, Postgres, Kafka, gRPC.' });
    const { opportunity } = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Backend Engineer', job_description: JOB, source: 'referral', posted_date: '2026-11-20' });
    expect(opportunity.source).toBe('referral');
    expect(opportunity.posted_date).toBe('2026-11-20');
    const first = opportunity.match_score;
    expect(first).toBeGreaterThan(0.3);
    expect(opportunity.match_details.skills.found.map((f: { skill: string }) => f.skill)).toEqual(expect.arrayContaining(['Go', 'PostgreSQL', 'Kafka', 'gRPC']));
    expect(opportunity.match_details.skills.missing.map((f: { skill: string }) => f.skill)).toEqual(expect.arrayContaining(['Kubernetes', 'AWS', 'Terraform']));
    expect(opportunity.match_details.resume.name).toBe('Backend');

    const moved = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Stripe', job_description: 'Requirements: Kubernetes, AWS, Terraform, Helm.' });
    expect(moved.opportunity.match_score).toBeLessThan(first);
    t.h.setNow('2026-11-25T15:03:00Z');
    const k8s = await t.h.call(t.alice.id, 'add_resume', { name: 'Infra', text: 'SRE: k8s, Helm, Terraform, AWS.' });
    expect(k8s.rescored).toBe(1);
    const scored = await t.h.call(t.alice.id, 'score_opportunity', { opportunity: 'Stripe' });
    expect(scored.match.resume.name).toBe('Infra');
    expect(scored.match.skills.missing).toEqual([]);
    const named = await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Stripe', resume: 'Backend' });
    expect(named.opportunity.resume_id).toBe(backend.resume.id);
    expect(named.opportunity.match_details.resume.name).toBe('Backend');
    expect(named.opportunity.match_score).toBeLessThan(scored.match.score);

    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Stripe', job_description: JOB });
    const tailor = await t.h.call(t.alice.id, 'tailor_resume', { opportunity: 'Stripe' });
    expect(tailor.keywords.map((k: { keyword: string }) => k.keyword)).toEqual(['Kubernetes', 'AWS', 'Payments', 'Terraform']);
    expect(tailor.keywords[0]).toMatchObject({ rank: 1, section: 'required', mentions: [{ excerpt: 'Kubernetes and AWS', section: 'required' }] });
    expect(tailor.keywords[3].section).toBe('preferred');
    expect(tailor.phrases.map((p: { phrase: string }) => p.phrase)).toContain('Payments platform');
  });

  it('undoes an added résumé like any other change', async () => {
    await t.h.call(t.bob.id, 'add_resume', { name: 'Scratch', text: 'Nothing much' });
    expect((await t.h.call(t.bob.id, 'list_resumes')).resumes).toHaveLength(1);
    await t.h.call(t.bob.id, 'undo');
    expect((await t.h.call(t.bob.id, 'list_resumes')).resumes).toEqual([]);
  });

  it('keeps résumés and scores apart between users', async () => {
    expect((await t.h.call(t.bob.id, 'list_resumes')).resumes).toEqual([]);
    const alices = (await t.h.call(t.alice.id, 'list_resumes')).resumes;
    expect((await t.h.error(t.bob.id, 'delete_resume', { resume: alices[0].id, confirm: true })).code).toBe('not_found');
    expect((await t.h.error(t.bob.id, 'score_opportunity', { opportunity: 'Stripe' })).code).toBe('not_found');
    await t.h.call(t.bob.id, 'add_opportunity', { company_name: 'Globex', job_description: JOB });
    expect((await t.h.error(t.bob.id, 'score_opportunity', { opportunity: 'Globex' })).code).toBe('not_found');
    expect((await t.h.error(t.bob.id, 'update_opportunity', { opportunity: 'Globex', resume: alices[0].id })).code).toBe('not_found');
  });

  it('deletes a résumé only when confirmed, and the opportunities that named it fall back to the latest', async () => {
    const preview = await t.h.call(t.alice.id, 'delete_resume', { resume: 'Backend' });
    expect(preview.status).toBe('confirmation_required');
    expect(preview.summary).toContain('named by 1 opportunity');
    const done = await t.h.call(t.alice.id, 'delete_resume', { resume: 'Backend', confirm: true, approval_id: preview.approval_id });
    expect(done.rescored).toBe(1);
    const o = await t.h.call(t.alice.id, 'get_opportunity', { opportunity: 'Stripe' });
    expect(o.opportunity.resume_id).toBeNull();
    expect(o.opportunity.match_details.resume.name).toBe('Infra');
  });
});
