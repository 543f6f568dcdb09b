/**
 * What other implementations send that is non-conformant but unambiguous
 * is read, and said so in `ParseContext.warnings` when the caller passes an
 * array: a Category without class (OCCI 1.1 clients, resolved by scheme and
 * term, Core §5.3.1), fields out of the order of §5.1, relative locations,
 * rOCCI's field names, an action link without "?action=". Each warning is a
 * Problem with a code and a message naming what and where.
 */
import type { ParseContext, Problem } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { textOcci, textPlain, uriList } from '../src/index.js';
import { BASE, context, NET, NIC, occiError, SSD, START, VM } from './helpers.js';

const SCHEME = 'http://example.com/occi/vm#';
const ACTIONS = 'http://example.com/occi/vm/action#';
const withWarnings = (): ParseContext & { warnings: Problem[] } => ({ ...context, warnings: [] });
const plain = (body: string) => ({ headers: {}, body });

describe('a Category without class is resolved by scheme and term (Core §5.3.1), with a warning', () => {
  it('text/plain create: kind and mixin; the draft is the one a conformant message gives', () => {
    const c = withWarnings();
    const draft = textPlain.parseEntity(
      plain(
        `Category: vm; scheme="${SCHEME}"\r\nCategory: ssd; scheme="${SCHEME}"\r\nX-OCCI-Attribute: com.example.vm.cores=2\r\n`,
      ),
      c,
    );
    expect(draft).toEqual(
      textPlain.parseEntity(
        plain(
          `Category: vm; scheme="${SCHEME}"; class="kind"\r\nCategory: ssd; scheme="${SCHEME}"; class="mixin"\r\nX-OCCI-Attribute: com.example.vm.cores=2\r\n`,
        ),
        context,
      ),
    );
    expect(c.warnings).toEqual([
      {
        code: 'missing-class',
        message: `line 1: Category ${VM} has no class (§4.1 requires one): read as a kind, as the model defines it`,
        category: VM,
        line: 1,
      },
      {
        code: 'missing-class',
        message: `line 2: Category ${SSD} has no class (§4.1 requires one): read as a mixin, as the model defines it`,
        category: SSD,
        line: 2,
      },
    ]);
  });

  it('text/occi filter and mixin association (a partial update): the header field is named', () => {
    const c = withWarnings();
    expect(textOcci.parseEntity({ headers: { category: `ssd; scheme="${SCHEME}"` }, body: '' }, c)).toEqual({
      mixins: [SSD],
      attributes: {},
    });
    expect(c.warnings).toEqual([
      {
        code: 'missing-class',
        message: `header field "category": Category ${SSD} has no class (§4.1 requires one): read as a mixin, as the model defines it`,
        category: SSD,
        field: 'category',
      },
    ]);
  });

  it('an action invocation, in both renderings', () => {
    for (const [rendering, payload, where] of [
      [textPlain, plain(`Category: start; scheme="${ACTIONS}"\r\n`), 'line 1'],
      [
        textOcci,
        { headers: { category: `start; scheme="${ACTIONS}"` }, body: '' },
        'header field "category"',
      ],
    ] as const) {
      const c = withWarnings();
      expect(rendering.parseActionInvocation(payload, c)).toEqual({ action: START, attributes: {} });
      expect(c.warnings.map((w) => w.message)).toEqual([
        `${where}: Category ${START} has no class (§4.1 requires one): read as an action, as the model defines it`,
      ]);
    }
  });

  it('a category filter of the query interface', () => {
    const c = withWarnings();
    const filter = textOcci.parseCategories(
      { headers: { category: `net; scheme="${SCHEME}"` }, body: '' },
      c,
    );
    expect(filter.kinds.map((k) => k.scheme + k.term)).toEqual([NET]);
    expect(c.warnings.map((w) => w.code)).toEqual(['missing-class']);
  });

  it('the class the model gives decides where it goes: a kind in an action invocation is still refused', () => {
    expect(
      occiError(() => textPlain.parseActionInvocation(plain(`Category: vm; scheme="${SCHEME}"\r\n`), context))
        .message,
    ).toBe(`line 1: Category ${VM} is a kind; an action invocation needs class "action"`);
  });

  it('a Category without class that the model does not know is a parse error: nothing says what it is', () => {
    const error = occiError(() =>
      textPlain.parseEntity(plain('Category: disk; scheme="http://x.example/#"\r\n'), context),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.problems).toEqual([
      {
        code: 'parse-error',
        message:
          'line 1: Category disk has no class, and the model has no category http://x.example/#disk to take it from; give class="kind", "mixin" or "action" (§4.1)',
        line: 1,
      },
    ]);
  });

  it('what we write still carries class, and a caller that passes no array gets no warnings and no error', () => {
    const written = textPlain.writeEntity({ kind: VM, mixins: [SSD] }, context);
    expect(written.body).toBe(
      `Category: vm; scheme="${SCHEME}"; class="kind"\r\nCategory: ssd; scheme="${SCHEME}"; class="mixin"\r\n`,
    );
    expect(textOcci.writeFilter({ categories: [VM] }, context).headers.category).toBe(
      `vm; scheme="${SCHEME}"; class="kind"`,
    );
    expect(textPlain.parseEntity(plain(`Category: vm; scheme="${SCHEME}"\r\n`), context).kind).toBe(VM);
  });
});

describe('fields out of the order of §5.1 (text/plain): read all the same, noted once per field', () => {
  it('a Link after the attributes, and a Category after a Link', () => {
    const c = withWarnings();
    const body =
      `Category: vm; scheme="${SCHEME}"; class="kind"\r\n` +
      'X-OCCI-Attribute: com.example.vm.cores=2\r\n' +
      `Link: </net/1>; rel="${NET}"; category="${NIC}"\r\n` +
      `Link: </net/2>; rel="${NET}"; category="${NIC}"\r\n` +
      `Category: ssd; scheme="${SCHEME}"; class="mixin"\r\n`;
    const draft = textPlain.parseEntity(plain(body), c);
    expect(draft).toMatchObject({ kind: VM, mixins: [SSD], attributes: { 'com.example.vm.cores': 2 } });
    expect(draft.links?.map((l) => l.target?.location)).toEqual(['/net/1', '/net/2']);
    expect(c.warnings).toEqual([
      {
        code: 'field-order',
        message:
          'line 3: Link after X-OCCI-Attribute (line 2): GFD.229 §5.1 puts the Category lines first, then Link, then X-OCCI-Attribute; read all the same',
        line: 3,
      },
      {
        code: 'field-order',
        message:
          'line 5: Category after X-OCCI-Attribute (line 2): GFD.229 §5.1 puts the Category lines first, then Link, then X-OCCI-Attribute; read all the same',
        line: 5,
      },
    ]);
  });

  it('an action invocation with its Category last; header fields have no order (text/occi)', () => {
    const c = withWarnings();
    textPlain.parseActionInvocation(
      plain(
        `X-OCCI-Attribute: com.example.start.method="cold"\r\nCategory: start; scheme="${ACTIONS}"; class="action"\r\n`,
      ),
      c,
    );
    expect(c.warnings.map((w) => w.message)).toEqual([
      'line 2: Category after X-OCCI-Attribute (line 1): GFD.229 §5.1 puts the Category lines first, then Link, then X-OCCI-Attribute; read all the same',
    ]);
    const headers = withWarnings();
    textOcci.parseEntity(
      {
        headers: {
          'x-occi-attribute': 'com.example.vm.cores=2',
          category: `vm; scheme="${SCHEME}"; class="kind"`,
        },
        body: '',
      },
      headers,
    );
    expect(headers.warnings).toEqual([]);
  });
});

describe('relative locations are read against the service root, with a warning', () => {
  it('a Link target and self, occi.core.source and occi.core.target', () => {
    const c = withWarnings();
    const draft = textPlain.parseEntity(
      plain(
        `Category: vm; scheme="${SCHEME}"; class="kind"\r\nLink: <net/1>; rel="${NET}"; self="link/nic/7"; category="${NIC}"\r\n`,
      ),
      c,
    );
    expect(draft.links?.[0]).toMatchObject({
      location: '/link/nic/7',
      target: { location: '/net/1', kind: NET },
    });
    const link = textPlain.parseEntity(
      plain(
        `Category: nic; scheme="${SCHEME}"; class="kind"\r\nX-OCCI-Attribute: occi.core.source="vm/1", occi.core.target="./net/../net/2"\r\n`,
      ),
      c,
    );
    expect([link.source, link.target]).toEqual([{ location: '/vm/1' }, { location: '/net/2' }]);
    expect(c.warnings).toEqual([
      {
        code: 'relative-location',
        message: `line 2: Link <net/1> self "link/nic/7" is a relative reference, where OCCI renderings write absolute paths or URLs: read as /link/nic/7, against the service root ${BASE}/`,
        location: '/link/nic/7',
        line: 2,
      },
      {
        code: 'relative-location',
        message: `line 2: Link target "net/1" is a relative reference, where OCCI renderings write absolute paths or URLs: read as /net/1, against the service root ${BASE}/`,
        location: '/net/1',
        line: 2,
      },
      {
        code: 'relative-location',
        message: `line 2: occi.core.source "vm/1" is a relative reference, where OCCI renderings write absolute paths or URLs: read as /vm/1, against the service root ${BASE}/`,
        location: '/vm/1',
        line: 2,
      },
      {
        code: 'relative-location',
        message: `line 2: occi.core.target "./net/../net/2" is a relative reference, where OCCI renderings write absolute paths or URLs: read as /net/2, against the service root ${BASE}/`,
        location: '/net/2',
        line: 2,
      },
    ]);
  });

  it('X-OCCI-Location, text/uri-list and a mixin location; a reference without "/" may be an id and stays', () => {
    const c = withWarnings();
    expect(
      textOcci.parseEntityCollection(
        { headers: { 'x-occi-location': 'vm/1, web-1, urn:uuid:1, /vm/2' }, body: '' },
        c,
      ).locations,
    ).toEqual(['/vm/1', 'web-1', 'urn:uuid:1', '/vm/2']);
    expect(uriList.parseEntityCollection(plain(`# list\r\n${BASE}/vm/3\r\nvm/4\r\n`), c).locations).toEqual([
      '/vm/3',
      '/vm/4',
    ]);
    const mixins = textPlain.parseCategories(
      plain('Category: tag; scheme="http://example.com/tags#"; class="mixin"; location="tags/tag/"\r\n'),
      c,
    ).mixins;
    expect(mixins[0]?.class === 'mixin' && mixins[0].location).toBe('/tags/tag/');
    expect(c.warnings.map((w) => [w.code, w.message.slice(0, w.message.indexOf(' is a relative'))])).toEqual([
      ['relative-location', 'header field "x-occi-location": X-OCCI-Location "vm/1"'],
      ['relative-location', 'line 3: entry "vm/4"'],
      ['relative-location', 'line 1: Category tag location "tags/tag/"'],
    ]);
  });
});

describe("rOCCI's field names and action links without ?action=", () => {
  it('X-OCCI-Category and X-OCCI-Link are read as Category and Link, noted once each', () => {
    const c = withWarnings();
    textOcci.parseEntity(
      {
        headers: {
          'x-occi-category': `vm; scheme="${SCHEME}"; class="kind", ssd; scheme="${SCHEME}"; class="mixin"`,
          'x-occi-link': `</net/1>; rel="${NET}"`,
        },
        body: '',
      },
      c,
    );
    expect(c.warnings).toEqual([
      {
        code: 'non-standard',
        message:
          'header field "x-occi-category": X-OCCI-Category is rOCCI\'s name for Category, not a field of GFD.229 (§6, §7); read as Category',
        field: 'x-occi-category',
      },
      {
        code: 'non-standard',
        message:
          'header field "x-occi-link": X-OCCI-Link is rOCCI\'s name for Link, not a field of GFD.229 (§6, §7); read as Link',
        field: 'x-occi-link',
      },
    ]);
  });

  it('a quoted term, or term="…", is read as the term and noted', () => {
    const c = withWarnings();
    const draft = textPlain.parseEntity(
      plain(
        `Category: "vm"; scheme="${SCHEME}"; class="kind"\r\nCategory: term="ssd"; scheme="${SCHEME}"; class="mixin"\r\n`,
      ),
      c,
    );
    expect([draft.kind, draft.mixins]).toEqual([VM, [SSD]]);
    expect(c.warnings).toEqual([
      {
        code: 'non-standard',
        message: `line 1: Category ${VM}: its term is written "vm", where §4.1 has a bare token; read as vm`,
        category: VM,
        line: 1,
      },
      {
        code: 'non-standard',
        message: `line 2: Category ${SSD}: its term is written term="ssd", where §4.1 has a bare token; read as ssd`,
        category: SSD,
        line: 2,
      },
    ]);
  });

  it('a Link without category whose rel is an action of the model is an action link, not a link to an action', () => {
    const body = `Category: vm; scheme="${SCHEME}"; class="kind"\r\nLink: </vm/1>; rel="${START}"\r\nX-OCCI-Attribute: occi.core.id="urn:uuid:1"\r\n`;
    const c = withWarnings();
    const draft = textPlain.parseEntity(plain(body), c);
    expect(draft.links).toBeUndefined();
    expect(c.warnings).toEqual([
      {
        code: 'invalid-link',
        message: `line 2: Link </vm/1>: rel names the action ${START}, but the URI has no "?action=" (§4.2 ActionLink: <location?action=term>); read as an action link`,
        category: START,
        line: 2,
      },
    ]);
    const read = withWarnings();
    expect(textPlain.readEntity(plain(body), read).actions).toEqual([START]);
    expect(read.warnings.map((w) => w.code)).toEqual(['invalid-link']);
  });

  it('a rel the model does not know as an action stays a link to a resource of that kind', () => {
    const c = withWarnings();
    const draft = textPlain.parseEntity(
      plain(`Category: vm; scheme="${SCHEME}"; class="kind"\r\nLink: </net/1>; rel="${NET}"\r\n`),
      c,
    );
    expect(draft.links?.[0]?.target).toEqual({ location: '/net/1', kind: NET });
    expect(c.warnings).toEqual([]);
  });
});

describe('text output never writes occi.core.id="undefined"', () => {
  it('an entity, and the inline links a client read back as drafts, without ids', () => {
    const resource = textPlain.readEntity(
      plain(
        `Category: vm; scheme="${SCHEME}"; class="kind"\r\nLink: </net/1>; rel="${NET}"; category="${NIC}"\r\nX-OCCI-Attribute: occi.core.id="urn:uuid:1"\r\n`,
      ),
      context,
    );
    for (const rendering of [textPlain, textOcci]) {
      const written = rendering.renderEntity(resource, context);
      expect(JSON.stringify(written)).not.toContain('undefined');
      const kindless = rendering.renderEntity({ kind: VM, mixins: [], attributes: {} } as never, context);
      expect(JSON.stringify(kindless)).not.toContain('occi.core.id');
    }
    expect(textPlain.renderEntity(resource, context).body).toBe(
      `Category: vm; scheme="${SCHEME}"; class="kind"\r\n` +
        `Link: </net/1>; rel="${NET}"; category="${NIC}"; occi.core.target="/net/1"; occi.core.target.kind="${NET}"\r\n` +
        'X-OCCI-Attribute: occi.core.id="urn:uuid:1"\r\n',
    );
  });
});
