/**
 * What peers such as rOCCI send (audit 2026-11-29): `X-OCCI-Category` and
 * `X-OCCI-Link` field names, quoted numbers and booleans, inline Links
 * without a category; and numbers written without exponents (§4.3).
 */
import type { Category, Entity, EntityDraft } from '@occi/core';
import { LINK_KIND, validateEntity } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { textOcci, textPlain } from '../src/index.js';
import { context, model, NET, occiError, SSD, START, VM } from './helpers.js';

const SCHEME = 'http://example.com/occi/vm#';
const kind = `vm; scheme="${SCHEME}"; class="kind"`;
const ssd = `ssd; scheme="${SCHEME}"; class="mixin"`;
const start = 'start; scheme="http://example.com/occi/vm/action#"; class="action"';
/** A parsed mixin's location (categories are typed as the union of kinds, mixins and actions). */
const mixinLocation = (c: Category) => (c.class === 'mixin' ? c.location : undefined);
const tag = 'tag; scheme="http://example.com/tags#"; class="mixin"; location="/tag/"';

describe('X-OCCI-Category and X-OCCI-Link are read as Category and Link', () => {
  it('text/occi: an entity, names in any case', () => {
    for (const [category, link] of [
      ['X-OCCI-Category', 'X-OCCI-Link'],
      ['x-occi-category', 'x-occi-link'],
      ['X-Occi-Category', 'X-Occi-Link'],
    ]) {
      expect(
        textOcci.parseEntity(
          {
            headers: {
              [category!]: `${kind}, ${ssd}`,
              [link!]: `</net/1>; rel="${NET}"`,
              'x-occi-attribute': 'occi.core.title="rocci"',
            },
            body: '',
          },
          context,
        ),
      ).toEqual({
        kind: VM,
        mixins: [SSD],
        title: 'rocci',
        attributes: {},
        links: [{ kind: LINK_KIND, mixins: [], attributes: {}, target: { location: '/net/1', kind: NET } }],
      });
    }
  });

  it('text/occi: Category and X-OCCI-Category together add up', () => {
    expect(
      textOcci.parseEntity({ headers: { category: kind, 'x-occi-category': ssd }, body: '' }, context),
    ).toEqual({ kind: VM, mixins: [SSD], attributes: {} });
  });

  it('text/occi: an action invocation, a category filter and a mixin definition', () => {
    expect(
      textOcci.parseActionInvocation(
        {
          headers: { 'X-OCCI-Category': start, 'X-OCCI-Attribute': 'com.example.start.method="cold"' },
          body: '',
        },
        context,
      ),
    ).toEqual({ action: START, attributes: { 'com.example.start.method': 'cold' } });
    const filter = textOcci.parseCategories({ headers: { 'x-occi-category': kind }, body: '' }, context);
    expect(filter.kinds.map((k) => k.scheme + k.term)).toEqual([VM]);
    const definition = textOcci.parseCategories({ headers: { 'X-OCCI-Category': tag }, body: '' }, context);
    expect(definition.mixins.map((m) => [m.scheme + m.term, mixinLocation(m)])).toEqual([
      ['http://example.com/tags#tag', '/tag/'],
    ]);
  });

  it('text/occi: errors name the header field as it was sent', () => {
    const error = occiError(() =>
      textOcci.parseEntity({ headers: { 'X-OCCI-Category': 'vm; class="kind"' }, body: '' }, context),
    );
    expect(error.message).toBe('header field "x-occi-category": Category vm has no scheme');
    expect(error.problems[0]!.field).toBe('x-occi-category');
  });

  it('text/plain: body lines of every message kind, names in any case', () => {
    expect(
      textPlain.parseEntity(
        {
          headers: {},
          body: `X-OCCI-Category: ${kind}\nx-occi-category: ${ssd}\nX-OCCI-Link: </net/1>; rel="${NET}"\n`,
        },
        context,
      ),
    ).toEqual({
      kind: VM,
      mixins: [SSD],
      attributes: {},
      links: [{ kind: LINK_KIND, mixins: [], attributes: {}, target: { location: '/net/1', kind: NET } }],
    });
    expect(
      textPlain.parseActionInvocation({ headers: {}, body: `X-OCCI-CATEGORY: ${start}\r\n` }, context),
    ).toEqual({ action: START, attributes: {} });
    const filter = textPlain.parseCategories({ headers: {}, body: `X-OCCI-Category: ${kind}\n` }, context);
    expect(filter.kinds.map((k) => k.scheme + k.term)).toEqual([VM]);
    const definition = textPlain.parseCategories({ headers: {}, body: `X-OCCI-Category: ${tag}\n` }, context);
    expect(definition.mixins.map(mixinLocation)).toEqual(['/tag/']);
  });

  it('text/plain: an X-OCCI-Link line is a Link, and cannot appear where Link cannot', () => {
    expect(
      occiError(() =>
        textPlain.parseCategories({ headers: {}, body: `X-OCCI-Link: </net/1>; rel="${NET}"\n` }, context),
      ).message,
    ).toBe('line 1: Link cannot appear in a category collection (only Category, §5.4)');
  });

  it("writes the documents' names only", () => {
    const entity: Entity = {
      id: 'urn:uuid:1',
      kind: VM,
      mixins: [],
      attributes: {},
      location: '/vm/1',
      actions: [START],
    };
    expect(Object.keys(textOcci.renderEntity(entity, context).headers)).toEqual([
      'category',
      'link',
      'x-occi-attribute',
    ]);
    expect(textPlain.renderEntity(entity, context).body).toBe(
      `Category: ${kind}\r\nLink: </vm/1?action=start>; rel="${START}"\r\nX-OCCI-Attribute: occi.core.id="urn:uuid:1"\r\n`,
    );
  });
});

describe('numbers are written in plain decimal notation (§4.3: int | float, no exponent)', () => {
  const cases: [number, string][] = [
    [1e-7, '0.0000001'],
    [1e22, '10000000000000000000000'],
    [1e21, '1000000000000000000000'],
    [-1e-7, '-0.0000001'],
    [-2.5e22, '-25000000000000000000000'],
    [1.2345e-10, '0.00000000012345'],
    [6.02214076e23, '602214076000000000000000'],
    [0.000001, '0.000001'],
    [123.456, '123.456'],
    [-3, '-3'],
    [0, '0'],
  ];
  const attributes = Object.fromEntries(cases.map(([n], i) => [`a.n${i}`, n]));
  const entity: Entity = { id: 'x', kind: VM, mixins: [], attributes };

  it('text/plain', () => {
    const body = textPlain.renderEntity(entity, context).body;
    for (const [i, [, text]] of cases.entries())
      expect(body).toContain(`X-OCCI-Attribute: a.n${i}=${text}\r\n`);
    expect(body).not.toMatch(/\d[eE][+-]?\d/);
    expect(textPlain.parseEntity({ headers: {}, body }, context).attributes).toEqual(attributes);
  });

  it('text/occi', () => {
    const payload = textOcci.renderEntity(entity, context);
    expect(payload.headers['x-occi-attribute']).toBe(
      `occi.core.id="x", ${cases.map(([, text], i) => `a.n${i}=${text}`).join(', ')}`,
    );
    expect(textOcci.parseEntity(payload, context).attributes).toEqual(attributes);
  });

  it('the extremes of a double keep their exact value', () => {
    for (const n of [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 70, 1 / 3]) {
      const body = textPlain.renderEntity(
        { id: 'x', kind: VM, mixins: [], attributes: { 'a.n': n } },
        context,
      ).body;
      const line = body.split('\r\n')[2]!;
      expect(line).toMatch(/^X-OCCI-Attribute: a\.n=-?\d+(\.\d+)?$/);
      expect(textPlain.parseEntity({ headers: {}, body }, context).attributes).toEqual({ 'a.n': n });
    }
    const tiny = textPlain.renderEntity(
      { id: 'x', kind: VM, mixins: [], attributes: { 'a.n': Number.MIN_VALUE } },
      context,
    ).body;
    expect(tiny).toContain(`a.n=0.${'0'.repeat(323)}5\r\n`);
  });
});

describe('quoted numbers and booleans are read by the model type', () => {
  const vm = (attributes: string) =>
    textPlain.parseEntity(
      {
        headers: {},
        body: `Category: ${kind}\nCategory: ${ssd}\nX-OCCI-Attribute: ${attributes}\n`,
      },
      context,
    ).attributes;

  it('a number attribute: "2", "2.5", "-1.5", ".5"; a boolean attribute: "true", "false"', () => {
    expect(vm('com.example.vm.cores="2", com.example.ssd.iops="2.5"')).toEqual({
      'com.example.vm.cores': 2,
      'com.example.ssd.iops': 2.5,
    });
    expect(vm('com.example.vm.cores="-1.5", com.example.ssd.iops=".5"')).toEqual({
      'com.example.vm.cores': -1.5,
      'com.example.ssd.iops': 0.5,
    });
    expect(vm('com.example.vm.enabled="true"')).toEqual({ 'com.example.vm.enabled': true });
    expect(vm('com.example.vm.enabled="false"')).toEqual({ 'com.example.vm.enabled': false });
  });

  it('text/occi too, and without a kind (a partial update)', () => {
    expect(
      textOcci.parseEntity(
        {
          headers: {
            category: kind,
            'x-occi-attribute': 'com.example.vm.cores="4", com.example.vm.enabled="true"',
          },
          body: '',
        },
        context,
      ).attributes,
    ).toEqual({ 'com.example.vm.cores': 4, 'com.example.vm.enabled': true });
    expect(
      textPlain.parseEntity({ headers: {}, body: 'X-OCCI-Attribute: com.example.vm.cores="8"' }, context)
        .attributes,
    ).toEqual({ 'com.example.vm.cores': 8 });
  });

  it('strings stay strings; attributes the model does not know stay strings', () => {
    expect(vm('com.example.vm.hostname="2", a.b="2", a.c="true"')).toEqual({
      'com.example.vm.hostname': '2',
      'a.b': '2',
      'a.c': 'true',
    });
    expect(vm('com.example.vm.hostname="true"')).toEqual({ 'com.example.vm.hostname': 'true' });
  });

  it('a quoted value that is not a number stays a string, which validation refuses naming the attribute', () => {
    const attributes = vm(
      'com.example.vm.cores="2 cores", com.example.vm.enabled="yes", com.example.ssd.iops="1.2.3"',
    );
    expect(attributes).toEqual({
      'com.example.vm.cores': '2 cores',
      'com.example.vm.enabled': 'yes',
      'com.example.ssd.iops': '1.2.3',
    });
    if (attributes === undefined) throw new Error('no attributes read');
    const draft: EntityDraft = { kind: VM, mixins: [SSD], attributes };
    const entity: Entity = { id: 'x', kind: VM, mixins: [SSD], attributes };
    const messages = validateEntity({ model, draft, entity }).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('com.example.vm.cores'),
        expect.stringContaining('com.example.vm.enabled'),
        expect.stringContaining('com.example.ssd.iops'),
      ]),
    );
  });
});

describe('an inline Link without a category is of the Core Link kind (§4.2: category is optional)', () => {
  const expected = [
    {
      kind: LINK_KIND,
      mixins: [],
      location: '/link/1',
      attributes: { 'a.b': 1 },
      target: { location: '/net/1', kind: NET },
    },
  ];
  const value = `</net/1>; rel="${NET}"; self="/link/1"; a.b=1`;

  it('text/plain', () => {
    expect(
      textPlain.parseEntity({ headers: {}, body: `Category: ${kind}\nLink: ${value}\n` }, context).links,
    ).toEqual(expected);
  });

  it('text/occi', () => {
    expect(
      textOcci.parseEntity({ headers: { category: kind, link: value }, body: '' }, context).links,
    ).toEqual(expected);
  });

  it('action links (no category, "?action=") are still ignored', () => {
    expect(
      textPlain.parseEntity(
        { headers: {}, body: `Category: ${kind}\nLink: </vm/1?action=start>; rel="${START}"\n` },
        context,
      ).links,
    ).toBeUndefined();
  });

  it('a Core Link renders with its category and reads back the same', () => {
    const link: Entity = {
      id: 'l1',
      kind: LINK_KIND,
      mixins: [],
      location: '/link/1',
      source: { location: '/vm/1', kind: VM },
      target: { location: '/net/1', kind: NET },
      attributes: {},
    };
    const resource: Entity = { id: 'r1', kind: VM, mixins: [], attributes: {}, links: [link] };
    for (const rendering of [textPlain, textOcci]) {
      const payload = rendering.renderEntity(resource, context);
      expect(JSON.stringify(payload)).toContain(`category=\\"${LINK_KIND}\\"`);
      expect(rendering.parseEntity(payload, context)).toEqual(resource);
    }
  });
});

describe('text as other peers write it', () => {
  it('text/plain: lines separated by "\\n\\r" (pOCCI) are read like CRLF ones', () => {
    const draft = textPlain.parseEntity(
      { headers: {}, body: `Category: ${kind}\n\rX-OCCI-Attribute: occi.core.title="p"\n\r` },
      context,
    );
    expect(draft).toMatchObject({ kind: VM, title: 'p' });
  });
});
