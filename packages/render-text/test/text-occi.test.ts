import type { Entity, Mixin } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_LENGTH, textOcci } from '../src/index.js';
import { BASE, context, model, NET, NIC, occiError, SSD, START, VM } from './helpers.js';

const kind = 'vm; scheme="http://example.com/occi/vm#"; class="kind"';
const parse = (headers: Record<string, string | string[]>) =>
  textOcci.parseEntity({ headers, body: '' }, context);

describe('text/occi header forms (GFD.229 §7)', () => {
  it('reads a field repeated (array value) and comma-separated alike', () => {
    const expected = { kind: VM, mixins: [SSD], attributes: { 'a.b': 1, 'a.c': 'x' } };
    const ssd = 'ssd; scheme="http://example.com/occi/vm#"; class="mixin"';
    expect(parse({ category: [kind, ssd], 'x-occi-attribute': ['a.b=1', 'a.c="x"'] })).toEqual(expected);
    expect(parse({ category: `${kind}, ${ssd}`, 'x-occi-attribute': 'a.b=1,a.c="x"' })).toEqual(expected);
    expect(parse({ category: [`${kind}, ${ssd}`], 'x-occi-attribute': ['a.b=1, a.c="x"'] })).toEqual(
      expected,
    );
  });

  it('never splits at commas, semicolons or quotes inside quoted strings', () => {
    const draft = parse({
      category: kind,
      'x-occi-attribute': 'a.b="one, two; three", a.c="say \\"hi, there\\"", a.d="\\\\", a.e=",;"',
    });
    expect(draft.attributes).toEqual({
      'a.b': 'one, two; three',
      'a.c': 'say "hi, there"',
      'a.d': '\\',
      'a.e': ',;',
    });
  });

  it('reads header names case-insensitively and ignores other header fields', () => {
    const draft = parse({
      Category: kind,
      'X-OCCI-Attribute': 'a.b=1',
      'x-occi-attribute': 'a.c=2',
      accept: 'text/occi',
    });
    expect(draft).toEqual({ kind: VM, mixins: [], attributes: { 'a.b': 1, 'a.c': 2 } });
  });

  it('reads Link values with commas in the URI and quoted parameters', () => {
    const draft = parse({
      category: kind,
      link: `</net/a,b>; rel="${NET}"; category="${NIC}"; com.example.nic.mac="a,b;c", </vm/1?action=start>; rel="${START}"`,
    });
    expect(draft.links).toEqual([
      {
        kind: NIC,
        mixins: [],
        target: { location: '/net/a,b', kind: NET },
        attributes: { 'com.example.nic.mac': 'a,b;c' },
      },
    ]);
  });

  it('names the header field in parse errors', () => {
    const error = occiError(() => parse({ category: kind, 'x-occi-attribute': 'a.b=1, a.c="open' }));
    expect(error.code).toBe('parse-error');
    expect(error.message).toBe(
      'header field "x-occi-attribute": unterminated quoted string starting at "\\"open"',
    );
    expect(error.problems[0]).toMatchObject({ field: 'x-occi-attribute' });
    expect(occiError(() => parse({ Link: '<x>' })).message).toBe('header field "link": Link <x> has no rel');
    expect(
      occiError(() =>
        textOcci.parseActionInvocation({ headers: { 'x-occi-attribute': 'a=1' }, body: '' }, context),
      ).problems[0],
    ).toMatchObject({
      field: 'category',
      message:
        'header field "category": an action invocation needs one Category of class "action" (§5.1.1.1)',
    });
  });

  it('refuses OCCI header fields over the limit and non-text values', () => {
    const error = occiError(() => parse({ 'x-occi-attribute': [`a.b="${'x'.repeat(MAX_HEADER_LENGTH)}"`] }));
    expect(error.kind).toBe('header-too-large');
    expect(occiError(() => parse({ category: [42 as unknown as string] })).message).toBe(
      'header field "category": header field value is not text',
    );
  });
});

describe('text/occi rendering', () => {
  const entity: Entity = {
    id: 'urn:uuid:1',
    kind: VM,
    mixins: [SSD],
    title: 'naïve, "quoted" 😀',
    location: '/vm/1',
    actions: [START],
    links: [
      {
        id: 'urn:uuid:2',
        kind: NIC,
        mixins: [],
        location: '/link/nic/2',
        source: { location: '/vm/1', kind: VM },
        target: { location: '/net/3', kind: NET },
        attributes: {},
      },
    ],
    attributes: { 'com.example.vm.tags': ['x, y'] },
  };

  it('writes one field per name, comma-separated, text as text (surrogates escaped: the transport writes UTF-8), and body OK', () => {
    const payload = textOcci.renderEntity(entity, context);
    expect(payload).toEqual({
      headers: {
        category: `${kind}, ssd; scheme="http://example.com/occi/vm#"; class="mixin"`,
        link:
          `</net/3>; rel="${NET}"; self="/link/nic/2"; category="${NIC}"; occi.core.id="urn:uuid:2"; occi.core.source="/vm/1"; ` +
          `occi.core.source.kind="${VM}"; occi.core.target="/net/3"; occi.core.target.kind="${NET}", </vm/1?action=start>; rel="${START}"`,
        'x-occi-attribute':
          'occi.core.id="urn:uuid:1", occi.core.title="naïve, \\"quoted\\" \\ud83d\\ude00", com.example.vm.tags="[\\"x, y\\"]"',
      },
      body: 'OK',
    });
    for (const value of Object.values(payload.headers))
      expect(String(value)).toMatch(/^[^\x00-\x1f\ud800-\udfff]*$/);
    const { location: _l, actions: _a, ...rest } = entity;
    expect(textOcci.parseEntity(payload, context)).toEqual(rest);
  });

  it('renders collections as one X-OCCI-Location field, empty as no field', () => {
    const two = [entity, { ...entity, location: '/vm/2' }];
    expect(textOcci.renderEntityCollection(two, context)).toEqual({
      headers: { 'x-occi-location': `${BASE}/vm/1, ${BASE}/vm/2` },
      body: 'OK',
    });
    expect(textOcci.renderEntityCollection([], context)).toEqual({ headers: {}, body: 'OK' });
    expect(
      textOcci.parseEntityCollection(textOcci.renderEntityCollection(two, context), context).locations,
    ).toEqual(['/vm/1', '/vm/2']);
  });

  it('renders categories in the category field and reads them back', () => {
    const payload = textOcci.renderCategories(
      { kinds: [model.kind(VM)!], mixins: [model.mixin(SSD)!], actions: [] },
      context,
    );
    expect(Object.keys(payload.headers)).toEqual(['category']);
    expect(payload.body).toBe('OK');
    const back = textOcci.parseCategories(payload, context);
    expect(back.kinds.map((k) => k.term)).toEqual(['vm']);
    expect((back.mixins as Mixin[]).map((m) => [m.term, m.location])).toEqual([['ssd', '/mixin/ssd/']]);
  });

  it('renders errors in the body, not OK', () => {
    expect(
      textOcci.renderError({ status: 404, message: 'no entity at /vm/9', problems: [] }, context),
    ).toEqual({
      headers: {},
      body: 'no entity at /vm/9\r\n',
    });
  });

  it('declares text/occi and inHeaders', () => {
    expect(textOcci.mediaTypes).toEqual(['text/occi']);
    expect(textOcci.inHeaders).toBe(true);
  });
});
