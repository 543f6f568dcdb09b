/** Mixin records: stored, listed in creation order and by owner, replaced, deleted, refused when taken. */
import { describe, expect, it } from 'vitest';
import { expectDuplicateMixin } from './conflicts.js';
import { creating, mixinRecord, resourceRecord, TAGGED } from './fixtures.js';
import type { ContractContext } from './target.js';

export function mixinRecordCases(context: ContractContext): void {
  describe('mixin records', () => {
    it('are stored, listed in creation order, filtered by owner, replaced in place and deleted', async () => {
      const { store } = context;
      expect(await store.mixins()).toEqual([]);
      const t = mixinRecord(TAGGED, 'alice');
      const u = mixinRecord('http://example.org/user#urgent', 'bob');
      const v = mixinRecord('http://example.org/user#vip', 'alice', {
        depends: ['http://example.org/os_tpl#ubuntu'],
        applies: ['http://schemas.ogf.org/occi/infrastructure#compute'],
        attributes: { 'com.example.level': { type: 'number', mutable: true, default: 3 } },
      });
      await store.commit([
        { op: 'put-mixin', mixin: t, expect: 'absent' },
        { op: 'put-mixin', mixin: u, expect: 'absent' },
        { op: 'put-mixin', mixin: v },
      ]);
      expect(await store.mixins()).toEqual([t, u, v]);
      expect(await store.mixins('alice')).toEqual([t, v]);
      expect(await store.mixins('carol')).toEqual([]);
      const t2 = { ...t, definition: { ...t.definition, title: 'renamed' } };
      await store.commit([{ op: 'put-mixin', mixin: t2 }]);
      expect(await store.mixins()).toEqual([t2, u, v]);
      await store.commit([
        { op: 'delete-mixin', id: u.id },
        { op: 'delete-mixin', id: 'http://none#x' },
      ]);
      expect(await store.mixins()).toEqual([t2, v]);
      expect(await store.mixins('bob')).toEqual([]);
    });

    it('are handed out as copies', async () => {
      const { store } = context;
      const t = mixinRecord(TAGGED);
      await store.commit([{ op: 'put-mixin', mixin: t, expect: 'absent' }]);
      const [got] = await store.mixins();
      got!.definition.title = 'changed';
      t.definition.term = 'changed';
      expect(await store.mixins()).toEqual([mixinRecord(TAGGED)]);
    });

    it("refuse a mixin id that exists when it must be 'absent', with the batch's entity writes", async () => {
      const { store } = context;
      const t = mixinRecord(TAGGED, 'alice');
      await store.commit([{ op: 'put-mixin', mixin: t, expect: 'absent' }]);
      await expectDuplicateMixin(
        store.commit([{ op: 'put-mixin', mixin: mixinRecord(TAGGED, 'alice'), expect: 'absent' }]),
        TAGGED,
      );
      await expectDuplicateMixin(
        store.commit([
          ...creating(resourceRecord('a')),
          { op: 'put-mixin', mixin: mixinRecord(TAGGED, 'bob'), expect: 'absent' },
        ]),
        TAGGED,
      );
      expect(await store.mixins()).toEqual([t]);
      expect(await store.get('/compute/a')).toBeUndefined();
    });
  });
}
