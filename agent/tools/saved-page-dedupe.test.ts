import { describe, it, expect } from 'vitest';
import { STORAGES } from '../../test-support/test-database.js';
import { withAliceAndBob } from '../../test-support/two-users.js';

// What the browser extension relies on, kept in the tools so every surface gets it.
describe.each(STORAGES)('saving the same posting or person twice on %s', (storage) => {
  const t = withAliceAndBob(storage);

  it('keeps one opportunity per posting URL (fragment, tracking parameters and trailing slash aside), per user', async () => {
    const first = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'SRE', job_url: 'https://boards.example/acme/jobs/42/?utm_source=linkedin#apply' });
    expect(first.opportunity.job_url).toBe('https://boards.example/acme/jobs/42');
    expect(first.already_saved).toBeUndefined();
    const again = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme Inc', job_title: 'Changed', status: 'applied', job_url: 'https://boards.example/acme/jobs/42' });
    expect(again.already_saved).toBe(true);
    expect(again.opportunity).toMatchObject({ id: first.opportunity.id, company_name: 'Acme', job_title: 'SRE', status: 'interested' });
    expect((await t.h.call(t.alice.id, 'list_opportunities')).opportunities).toHaveLength(1);
    // Another user's pipeline is theirs: the same posting is a new opportunity for Bob.
    const bobs = await t.h.call(t.bob.id, 'add_opportunity', { company_name: 'Acme', job_url: 'https://boards.example/acme/jobs/42' });
    expect(bobs.already_saved).toBeUndefined();
    expect(bobs.opportunity.id).not.toBe(first.opportunity.id);
    const bad = await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', job_url: 'javascript:alert(1)' }).catch((e) => e);
    expect(bad.code).toBe('invalid');
    expect(bad.details.field).toBe('job_url');
  });

  it('keeps one contact per e-mail and per LinkedIn profile', async () => {
    const dana = await t.h.call(t.alice.id, 'add_contact', { first_name: 'Dana', last_name: 'Scully', email: 'Dana@FBI.example', linkedin_url: 'https://www.linkedin.com/in/dana-scully/' });
    const byEmail = await t.h.call(t.alice.id, 'add_contact', { first_name: 'D.', last_name: 'Scully', email: 'dana@fbi.example' });
    expect(byEmail).toMatchObject({ already_saved: true, contact: { id: dana.contact.id, first_name: 'Dana' } });
    const byProfile = await t.h.call(t.alice.id, 'add_contact', { first_name: 'Dana', last_name: 'S', linkedin_url: 'https://www.linkedin.com/in/Dana-Scully?trk=public_profile' });
    expect(byProfile).toMatchObject({ already_saved: true, contact: { id: dana.contact.id } });
    expect((await t.h.call(t.alice.id, 'find_contacts', { query: 'scully' })).contacts).toHaveLength(1);
    const other = await t.h.call(t.alice.id, 'add_contact', { first_name: 'Dana', last_name: 'Scully', email: 'dana@home.example' });
    expect(other.already_saved).toBeUndefined();
    expect(other.possible_duplicates.map((d: { id: string }) => d.id)).toEqual([dana.contact.id]);
  });
});
