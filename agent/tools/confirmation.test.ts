import { describe, it, expect } from 'vitest';
import { STORAGES } from '../../test-support/test-database.js';
import { withAliceAndBob } from '../../test-support/two-users.js';
import { catalog } from './catalog.js';

describe('every tool that can need a yes takes one the same way', () => {
  it('a destructive tool has confirm and approval_id in its input', () => {
    const missing = catalog.filter((t) => t.annotations.destructiveHint && !('confirm' in t.input.shape && 'approval_id' in t.input.shape));
    expect(missing.map((t) => t.name)).toEqual([]);
  });
});

describe.each(STORAGES)('confirm: true acts only with the approval the server issued for that call, on %s', (storage) => {
  const t = withAliceAndBob(storage);
  const contactNamed = async (first: string) => (await t.h.call(t.alice.id, 'add_contact', { first_name: first, last_name: 'Baker' })).contact.id as string;
  const exists = async (id: string) => (await t.h.call(t.alice.id, 'find_contacts', {})).contacts.some((c: { id: string }) => c.id === id);

  it('asks again for confirm: true with no id, a made-up id, another call\'s id or another user\'s id', async () => {
    const tom = await contactNamed('Tom');
    const ann = await contactNamed('Ann');
    const unasked = await t.h.call(t.alice.id, 'delete_contact', { contact: tom, confirm: true });
    expect(unasked).toMatchObject({ status: 'confirmation_required', summary: expect.stringMatching(/Delete Tom Baker/), approval_id: expect.any(String) });
    expect(await exists(tom)).toBe(true);

    const made = await t.h.call(t.alice.id, 'delete_contact', { contact: tom, confirm: true, approval_id: '6c4d1f1e-2b7a-4c1e-9d3f-1a2b3c4d5e6f' });
    expect(made.status).toBe('confirmation_required');
    // Tom's id does not delete Ann, and does not delete Tom through another tool.
    expect((await t.h.call(t.alice.id, 'delete_contact', { contact: ann, confirm: true, approval_id: unasked.approval_id })).status).toBe('confirmation_required');
    expect((await t.h.call(t.alice.id, 'delete_contacts', { contacts: [tom, ann], confirm: true, approval_id: unasked.approval_id })).status).toBe('confirmation_required');
    // Bob's own approval for a call of his approves nothing of alice's.
    const bobs = await t.h.call(t.bob.id, 'add_contact', { first_name: 'Bo', last_name: 'B' });
    const bobAsk = await t.h.call(t.bob.id, 'delete_contact', { contact: bobs.contact.id });
    expect((await t.h.call(t.alice.id, 'delete_contact', { contact: tom, confirm: true, approval_id: bobAsk.approval_id })).status).toBe('confirmation_required');
    // Alice's id in bob's hands is a missing contact to him, and stays waiting for her.
    expect((await t.h.error(t.bob.id, 'delete_contact', { contact: tom, confirm: true, approval_id: unasked.approval_id })).code).toBe('not_found');
    expect(await exists(tom)).toBe(true);
    expect(await exists(ann)).toBe(true);

    expect((await t.h.call(t.alice.id, 'delete_contact', { contact: tom, confirm: true, approval_id: unasked.approval_id })).status).toBe('deleted');
    expect(await exists(tom)).toBe(false);
  });

  it('takes an approval once: of two calls racing with one id, one acts and the other is asked again', async () => {
    const ids = [await contactNamed('Cy'), await contactNamed('Di')];
    const ask = await t.h.call(t.alice.id, 'delete_contacts', { contacts: ids });
    expect(ask.status).toBe('confirmation_required');
    const answers = await Promise.all([1, 2].map(() => t.h.call(t.alice.id, 'delete_contacts', { contacts: ids, confirm: true, approval_id: ask.approval_id }).catch((e) => e)));
    expect(answers.filter((a) => a.status === 'deleted')).toHaveLength(1);
    expect(await exists(ids[0])).toBe(false);
    // Replaying the used id later asks again (and here finds nothing left to delete).
    const replay = await t.h.call(t.alice.id, 'delete_contacts', { contacts: ids, confirm: true, approval_id: ask.approval_id }).catch((e) => e);
    expect(replay.status).not.toBe('deleted');
  });

  it('a call that needs no yes (a bulk change of one contact) runs whatever confirm says', async () => {
    const id = await contactNamed('Ed');
    const one = await t.h.call(t.alice.id, 'update_contacts', { contacts: [id], set: { location: 'Lisbon' }, confirm: true });
    expect(one.status).toBe('done');
  });
});
