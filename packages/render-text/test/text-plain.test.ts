import type { Entity, Kind } from '@occi/core';
import { LINK_KIND } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH, MAX_LINE_LENGTH, textPlain } from '../src/index.js';
import {
  BASE,
  context,
  FAST_SSD,
  fixture,
  model,
  NET,
  NIC,
  occiError,
  SSD,
  START,
  STOP,
  VM,
} from './helpers.js';

const parse = (body: string) => textPlain.parseEntity({ headers: {}, body }, context);

const nic: Entity = {
  id: 'urn:uuid:456',
  kind: NIC,
  mixins: [],
  location: '/link/nic/456',
  source: { location: '/vm/123', kind: VM },
  target: { location: '/net/789', kind: NET },
  attributes: { 'com.example.nic.mac': '00:11:22:33:44:55', 'com.example.nic.vlans': [10, 20] },
};

const vm: Entity = {
  id: 'urn:uuid:123',
  kind: VM,
  mixins: [SSD],
  title: 'web "front", 1',
  summary: 'a; b',
  location: '/vm/123',
  actions: [START],
  links: [nic],
  attributes: {
    'com.example.vm.cores': 4,
    'com.example.vm.hostname': 'web1',
    'com.example.vm.enabled': true,
    'com.example.vm.tags': ['a', 'b,c'],
    'com.example.vm.metadata': { owner: 'ops' },
    'com.example.ssd.iops': 1.5,
  },
};

describe('text/plain entity rendering (GFD.229 §5.1, §6)', () => {
  it('renders a resource: categories, links, action links, then attributes', () => {
    expect(textPlain.renderEntity(vm, context)).toEqual({
      headers: {},
      body: [
        'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"',
        'Category: ssd; scheme="http://example.com/occi/vm#"; class="mixin"',
        'Link: </net/789>; rel="http://example.com/occi/vm#net"; self="/link/nic/456"; category="http://example.com/occi/vm#nic"; ' +
          'occi.core.id="urn:uuid:456"; occi.core.source="/vm/123"; occi.core.source.kind="http://example.com/occi/vm#vm"; ' +
          'occi.core.target="/net/789"; occi.core.target.kind="http://example.com/occi/vm#net"; ' +
          'com.example.nic.mac="00:11:22:33:44:55"; com.example.nic.vlans="[10,20]"',
        'Link: </vm/123?action=start>; rel="http://example.com/occi/vm/action#start"',
        'X-OCCI-Attribute: occi.core.id="urn:uuid:123"',
        'X-OCCI-Attribute: occi.core.title="web \\"front\\", 1"',
        'X-OCCI-Attribute: occi.core.summary="a; b"',
        'X-OCCI-Attribute: com.example.vm.cores=4',
        'X-OCCI-Attribute: com.example.vm.hostname="web1"',
        'X-OCCI-Attribute: com.example.vm.enabled=true',
        'X-OCCI-Attribute: com.example.vm.tags="[\\"a\\",\\"b,c\\"]"',
        'X-OCCI-Attribute: com.example.vm.metadata="{\\"owner\\":\\"ops\\"}"',
        'X-OCCI-Attribute: com.example.ssd.iops=1.5',
        '',
      ].join('\r\n'),
    });
  });

  it('reads the resource back, arrays and objects typed by the model', () => {
    const body = textPlain.renderEntity(vm, context).body;
    const { location: _l, actions: _a, links, ...rest } = vm;
    expect(parse(body)).toEqual({ ...rest, links: links!.map(({ actions: _x, ...l }) => l) });
  });

  it('renders a link instance with source and target attributes (§5.1.2)', () => {
    const body = textPlain.renderEntity({ ...nic, title: 'eth0', actions: [STOP] }, context).body;
    expect(body).toBe(
      [
        'Category: nic; scheme="http://example.com/occi/vm#"; class="kind"',
        'Link: </link/nic/456?action=stop>; rel="http://example.com/occi/vm/action#stop"',
        'X-OCCI-Attribute: occi.core.id="urn:uuid:456"',
        'X-OCCI-Attribute: occi.core.title="eth0"',
        'X-OCCI-Attribute: occi.core.source="/vm/123"',
        'X-OCCI-Attribute: occi.core.source.kind="http://example.com/occi/vm#vm"',
        'X-OCCI-Attribute: occi.core.target="/net/789"',
        'X-OCCI-Attribute: occi.core.target.kind="http://example.com/occi/vm#net"',
        'X-OCCI-Attribute: com.example.nic.mac="00:11:22:33:44:55"',
        'X-OCCI-Attribute: com.example.nic.vlans="[10,20]"',
        '',
      ].join('\r\n'),
    );
    const { location: _l, ...expected } = nic;
    expect(parse(body)).toEqual({ ...expected, title: 'eth0' });
  });

  it('keeps a quoted JSON string a string when the model types the attribute as a string', () => {
    const draft = parse(
      'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"\nX-OCCI-Attribute: com.example.vm.hostname="[1]"\n' +
        'X-OCCI-Attribute: com.example.vm.tags="not json"\nX-OCCI-Attribute: com.example.vm.metadata="[1]"',
    );
    expect(draft.attributes).toEqual({
      'com.example.vm.hostname': '[1]',
      'com.example.vm.tags': 'not json',
      'com.example.vm.metadata': '[1]',
    });
  });

  it('types JSON by the model without a kind (partial update) and with a mixin', () => {
    expect(parse('X-OCCI-Attribute: com.example.vm.tags="[1,2]"').attributes).toEqual({
      'com.example.vm.tags': [1, 2],
    });
    expect(
      parse(
        'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"\n' +
          'Category: fast_ssd; scheme="http://example.com/occi/vm#"; class="mixin"\n' +
          'X-OCCI-Attribute: com.example.ssd.options="{\\"raid\\":1}"',
      ),
    ).toEqual({ kind: VM, mixins: [FAST_SSD], attributes: { 'com.example.ssd.options': { raid: 1 } } });
  });

  it('reads values by §4.3: quoted → string, true/false, numbers, other tokens → strings', () => {
    const draft = parse(
      'X-OCCI-Attribute: a.s="2", a.t=true, a.f=false, a.i=-12, a.d=.5, a.e=1e+21, a.x=x86, a.q="true", a.n=1.2.3',
    );
    expect(draft.attributes).toEqual({
      'a.s': '2',
      'a.t': true,
      'a.f': false,
      'a.i': -12,
      'a.d': 0.5,
      'a.e': 1e21,
      'a.x': 'x86',
      'a.q': 'true',
      'a.n': '1.2.3',
    });
  });

  it('writes control characters as \\u escapes and reads them back', () => {
    const entity: Entity = { id: 'x', kind: VM, mixins: [], attributes: { 'a.b': 'one\ntwo\r\u0000"\\é' } };
    const body = textPlain.renderEntity(entity, context).body;
    expect(body).toContain('X-OCCI-Attribute: a.b="one\\u000atwo\\u000d\\u0000\\"\\\\é"\r\n');
    expect(parse(body).attributes).toEqual(entity.attributes);
  });

  it('percent-encodes characters a URI cannot hold in link targets and action links', () => {
    const body = textPlain.renderEntity(
      { id: 'x', kind: VM, mixins: [], attributes: {}, location: '/vm/a b>', actions: [START] },
      context,
    ).body;
    expect(body).toContain('Link: </vm/a%20b%3E?action=start>;');
  });
});

describe('text/plain lenient reading', () => {
  const kindLine = 'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"';

  it('accepts unquoted class, quoted and term="x" terms, extra whitespace and case-insensitive names', () => {
    for (const line of [
      'Category: vm; scheme="http://example.com/occi/vm#"; class=kind',
      'category :   vm ;scheme = "http://example.com/occi/vm#" ;  class="KIND"  ',
      'CATEGORY: "vm"; scheme="http://example.com/occi/vm#"; class="kind"',
      'Category: term="vm"; scheme="http://example.com/occi/vm#"; class="kind"; title="ignored on instances"',
      '\tCategory: vm; scheme="http://example.com/occi/vm#"; class="kind";',
    ]) {
      expect(parse(line.startsWith('\t') ? line.slice(1) : line)).toEqual({
        kind: VM,
        mixins: [],
        attributes: {},
      });
    }
  });

  it('joins continuation lines: leading whitespace and a trailing " \\"', () => {
    const body =
      'Category: vm;\n  scheme="http://example.com/occi/vm#";\r\n\tclass="kind"\nX-OCCI-Attribute: a.b=1, \\\na.c=2';
    expect(parse(body)).toEqual({ kind: VM, mixins: [], attributes: { 'a.b': 1, 'a.c': 2 } });
  });

  it('accepts several values per line (the # list rule) and skips blank lines and a BOM', () => {
    const body = `\uFEFF${kindLine}, fast_ssd; scheme="http://example.com/occi/vm#"; class="mixin"\n\n  \nX-OCCI-Attribute: a.b="x, y; z", , a.c=3\n`;
    expect(parse(body)).toEqual({ kind: VM, mixins: [FAST_SSD], attributes: { 'a.b': 'x, y; z', 'a.c': 3 } });
  });

  it('reads an OCCI 1.1 compute rendering with links, unquoted enums and absolute URLs', () => {
    const draft = parse(fixture('occi-1.1-compute.txt'));
    expect(draft).toEqual({
      kind: 'http://schemas.ogf.org/occi/infrastructure#compute',
      mixins: ['http://example.com/occi/os_tpl#ubuntu'],
      id: '996ad860-2a9a-504f-8861-aeafd0b2ae29',
      title: 'My Dummy VM',
      links: [
        {
          kind: 'http://schemas.ogf.org/occi/infrastructure#networkinterface',
          mixins: [],
          location: '/link/networkinterface/456',
          target: { location: '/network/123', kind: 'http://schemas.ogf.org/occi/infrastructure#network' },
          attributes: {
            'occi.networkinterface.interface': 'eth0',
            'occi.networkinterface.mac': '00:11:22:33:44:55',
            'occi.networkinterface.state': 'active',
          },
        },
      ],
      attributes: {
        'occi.compute.architecture': 'x86',
        'occi.compute.state': 'active',
        'occi.compute.speed': 3,
        'occi.compute.memory': 1.5,
        'occi.compute.cores': 2,
        'occi.compute.hostname': 'testserver',
      },
    });
  });

  it('turns link URLs under the base URL into paths and keeps foreign URLs', () => {
    const draft = parse(
      `${kindLine}\nLink: <${BASE}/net/1>; rel="${NET}"; self="${BASE}/link/nic/2"; category="${NIC} ${SSD}"; occi.core.source="${BASE}/vm/1"\n` +
        `Link: <http://other.example/net/9>; rel="${NET}"; category="${NIC}"`,
    );
    expect(draft.links).toEqual([
      {
        kind: NIC,
        mixins: [SSD],
        location: '/link/nic/2',
        source: { location: '/vm/1' },
        target: { location: '/net/1', kind: NET },
        attributes: {},
      },
      {
        kind: NIC,
        mixins: [],
        target: { location: 'http://other.example/net/9', kind: NET },
        attributes: {},
      },
    ]);
  });
});

describe('text/plain parse errors name the line and the problem', () => {
  const cases: [string, string, number][] = [
    ['Category vm', 'line 1: expected "Name: value"', 1],
    [
      '\nFoo: bar',
      'line 2: unknown field "Foo"; expected Category, Link, X-OCCI-Attribute or X-OCCI-Location',
      2,
    ],
    ['Category: vm; class="kind"', 'line 1: Category vm has no scheme', 1],
    [
      'Category: vm; scheme="x#"',
      'line 1: Category vm has no class, and the model has no category x#vm to take it from; give class="kind", "mixin" or "action" (§4.1)',
      1,
    ],
    [
      'Category: vm; scheme="x#"; class="thing"',
      'line 1: Category vm: class "thing" is not one of kind, mixin, action',
      1,
    ],
    ['Category: -vm; scheme="x#"; class="kind"', 'line 1: Category term "-vm" is not a valid term', 1],
    [
      'Category: vm; scheme="x#"; class="kind"; scheme="y#"',
      'line 1: Category vm: "scheme" is given twice',
      1,
    ],
    ['Category: vm; scheme="x#; class="kind"', 'line 1: expected ";" before', 1],
    ['Category: vm; scheme="x#"; class="kind" junk', 'line 1: parameter "junk" has no "=" value', 1],
    // The comma ends the value: `class="kind"` is read as the next one, whose term "class" has no ";".
    ['Category: vm; scheme=x#,class="kind"', 'line 1: expected ";" before "=', 1],
    ['Category: vm scheme="x#"; class="kind"', 'line 1: expected ";" before "scheme=', 1],
    ['X-OCCI-Attribute: a.b="open', 'line 1: unterminated quoted string', 1],
    ['X-OCCI-Attribute: a.b', 'line 1: attribute a.b has no "=" value', 1],
    ['X-OCCI-Attribute: a.b=', 'line 1: attribute a.b has no value', 1],
    ['X-OCCI-Attribute: a.b=1 2', 'line 1: unexpected "2" after an attribute value', 1],
    ['X-OCCI-Attribute: _x=1', 'line 1: "_x" is not a valid attribute name', 1],
    ['X-OCCI-Attribute: a.b=1\nX-OCCI-Attribute: a.b=2', 'line 2: attribute a.b is given twice', 2],
    [
      'X-OCCI-Attribute: occi.core.id="a", occi.core.id="b"',
      'line 1: attribute occi.core.id is given twice',
      1,
    ],
    ['Link: /net/1; rel="x#y"', 'line 1: a Link value must start with "<URI>"', 1],
    ['Link: </net/1; rel="x#y"', 'line 1: a Link value has no ">" closing its URI', 1],
    ['Link: </net/1>; category="x#y"', 'line 1: Link </net/1> has no rel', 1],
    [
      'Link: </net/1>; rel="x#y"; category="nohash"',
      'line 1: Link </net/1> category: "nohash" is not a type identifier',
      1,
    ],
    [
      'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"\nCategory: net; scheme="http://example.com/occi/vm#"; class="kind"',
      'line 2: a second kind http://example.com/occi/vm#net',
      2,
    ],
    [
      'Category: start; scheme="http://example.com/occi/vm/action#"; class="action"',
      'line 1: Category http://example.com/occi/vm/action#start is an action',
      1,
    ],
    [
      `Category: nic; scheme="http://example.com/occi/vm#"; class="kind"\nLink: </net/1>; rel="${NET}"; category="${NIC}"`,
      'line 2: Link </net/1>: a Link instance has no links of its own',
      2,
    ],
  ];
  for (const [body, message, line] of cases) {
    it(JSON.stringify(body), () => {
      const error = occiError(() => parse(body));
      expect(error.kind).toBe('bad-request');
      expect(error.code).toBe('parse-error');
      expect(error.message.slice(0, message.length)).toBe(message);
      expect(error.problems[0]!.line).toBe(line);
    });
  }

  it('reads each line on its own: a value never runs into the next line', () => {
    const kindLine = 'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"';
    const cases: [string, string, number][] = [
      ['Category vm\nX-OCCI-Attribute: a.b=1', 'line 1: expected "Name: value", found "Category vm"', 1],
      [
        'X-OCCI-Attribute: a.b="open\nX-OCCI-Attribute: a.c="x"',
        'line 1: unterminated quoted string starting at "\\"open"',
        1,
      ],
      [
        'X-OCCI-Attribute: a.b="open\\"\r\nX-OCCI-Attribute: a.c="x"',
        'line 1: unterminated quoted string starting at "\\"open\\\\\\""',
        1,
      ],
      ['Link: </net/1\r\nX-OCCI-Location: /a>', 'line 1: a Link value has no ">" closing its URI', 1],
      [
        'X-OCCI-Attribute: a.b=\r\nX-OCCI-Attribute: a.c=1',
        'line 1: attribute a.b has no value, found end of value',
        1,
      ],
      ['X-OCCI-Attribute: a.b\r\nX-OCCI-Attribute: a.c=1', 'line 1: attribute a.b has no "=" value', 1],
      [
        `${kindLine}\nX-OCCI-Attribute: a.b="x\\\nX-OCCI-Attribute: a.c="y"`,
        'line 2: unterminated quoted string starting at "\\"x\\\\"',
        2,
      ],
      [
        'X-OCCI-Attribute: occi.core.title="a very long unterminated title that goes on\nX-OCCI-Attribute: a.c="y"',
        'line 1: unterminated quoted string starting at "\\"a very long unterminated title that ..."',
        1,
      ],
    ];
    for (const [body, message, line] of cases) {
      const error = occiError(() => parse(body));
      expect(error.message).toBe(message);
      expect(error.problems[0]!.line).toBe(line);
    }
    // Lines end with CRLF or LF; continued and single lines read alike.
    expect(
      parse(
        `${kindLine}\r\nLink: </net/1>; rel="${NET}"; com.example.nic.mac="\\u00e9\\"x"; a.c=-1.5e3\r\nX-OCCI-Attribute: a.b="1, 2" \\\r\n  , a.c=3\r\nX-OCCI-Attribute: a.d=x\r\n`,
      ),
    ).toEqual({
      kind: VM,
      mixins: [],
      attributes: { 'a.b': '1, 2', 'a.c': 3, 'a.d': 'x' },
      links: [
        {
          kind: LINK_KIND,
          mixins: [],
          attributes: { 'com.example.nic.mac': 'é"x', 'a.c': -1500 },
          target: { location: '/net/1', kind: NET },
        },
      ],
    });
  });

  it('reads escapes in quoted strings, and refuses an escaped closing quote or a lone backslash', () => {
    expect(
      parse('X-OCCI-Attribute: a.b="\\u00e9\\uZZZZ\\\\\\"\\x\\u00", a.c="\\"\\"", a.d="[\\"x\\",\\"y\\"]"')
        .attributes,
    ).toEqual({ 'a.b': 'éuZZZZ\\"xu00', 'a.c': '""', 'a.d': '["x","y"]' });
    for (const [body, message] of [
      [
        'X-OCCI-Attribute: a.b="x\\"\nX-OCCI-Attribute: a.c="y"',
        'line 1: unterminated quoted string starting at "\\"x\\\\\\""',
      ],
      [
        'X-OCCI-Attribute: a.b="x\\"y\\\nX-OCCI-Attribute: a.c="y"',
        'line 1: a quoted string ends in a lone backslash',
      ],
      ['X-OCCI-Attribute: a.b="x\\"y\\', 'line 1: a quoted string ends in a lone backslash'],
    ]) {
      expect(occiError(() => parse(body!)).message).toBe(message);
    }
  });

  it('reads Link URIs trimmed or not, non-ASCII included, and refuses empty or spaced ones', () => {
    const kindLine = 'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"';
    const link = (value: string) => parse(`${kindLine}\nLink: ${value}; rel="${NET}"`).links;
    expect(link('< /net/1 >')).toEqual([
      { kind: LINK_KIND, mixins: [], attributes: {}, target: { location: '/net/1', kind: NET } },
    ]);
    expect(link('</net/1\t>')).toEqual([
      { kind: LINK_KIND, mixins: [], attributes: {}, target: { location: '/net/1', kind: NET } },
    ]);
    expect(link('</net/é>')).toEqual([
      { kind: LINK_KIND, mixins: [], attributes: {}, target: { location: '/net/é', kind: NET } },
    ]);
    for (const [value, shown] of [
      ['</net 1>', '</net 1>'],
      ['<>', '<>'],
      ['< >', '<>'],
    ]) {
      expect(occiError(() => link(value!)).message).toBe(
        `line 2: a Link URI must be a non-empty URI reference, found ${shown}`,
      );
    }
  });

  it('reads a type identifier up to its last "#" (rel, category)', () => {
    const kindLine = 'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"';
    const rel = (value: string) => parse(`${kindLine}\nLink: </net/1>; rel="${value}"`).links![0]!.target;
    expect(rel('#a#b')).toEqual({ location: '/net/1', kind: '#a#b' });
    for (const value of ['#net', 'http://example.com/occi/vm#', 'a#b#', 'nohash']) {
      expect(occiError(() => rel(value)).message).toBe(
        `line 2: Link </net/1> rel: "${value}" is not a type identifier (scheme#term)`,
      );
    }
  });

  it('reads many different attribute names alike, time after time', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `X-OCCI-Attribute: a${i % 1500}.n${i}=${i}`).join(
      '\n',
    );
    const expected = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`a${i % 1500}.n${i}`, i]));
    expect(parse(body).attributes).toEqual(expected);
    expect(parse(body).attributes).toEqual(expected);
    expect(occiError(() => parse(`${body}\nX-OCCI-Attribute: a7.n7=1`)).message).toBe(
      'line 3001: attribute a7.n7 is given twice',
    );
    expect(occiError(() => parse('X-OCCI-Attribute: a7.n7=1, _a7.n7=2')).message).toBe(
      'line 1: "_a7.n7" is not a valid attribute name',
    );
  });

  it('refuses bodies and lines over the limits', () => {
    const big = occiError(() => parse('X'.repeat(MAX_BODY_LENGTH + 1)));
    expect(big.kind).toBe('payload-too-large');
    expect(big.message).toMatch(/exceeds the limit of 4194304/);
    const long = occiError(() =>
      parse(`X-OCCI-Attribute: a.b=1\nX-OCCI-Attribute: a.c="${'x'.repeat(MAX_LINE_LENGTH)}"`),
    );
    expect(long.message).toBe('line 2: line is longer than 65536 characters');
    const continued = occiError(() =>
      parse(`X-OCCI-Attribute: a.b="${'x'.repeat(40_000)}", \\\n a.c="${'x'.repeat(40_000)}"`),
    );
    expect(continued.message).toBe('line 1: continued line is longer than 65536 characters');
  });
});

describe('text/plain collections, categories and errors', () => {
  it('renders an entity collection as absolute X-OCCI-Location URLs (erratum 11), empty as an empty body', () => {
    const entities: Entity[] = [
      { id: 'a', kind: VM, mixins: [], attributes: {}, location: '/vm/a' },
      { id: 'b', kind: VM, mixins: [], attributes: {}, location: '/vm/b' },
    ];
    expect(textPlain.renderEntityCollection(entities, context).body).toBe(
      `X-OCCI-Location: ${BASE}/vm/a\r\nX-OCCI-Location: ${BASE}/vm/b\r\n`,
    );
    expect(textPlain.renderEntityCollection([], context)).toEqual({ headers: {}, body: '' });
  });

  it('reads X-OCCI-Location values into paths, keeping foreign URLs', () => {
    const body = `X-OCCI-Location: ${BASE}/vm/a\nX-OCCI-Location: /vm/b, http://other.example/vm/c\nx-occi-location: <${BASE}/vm/d>`;
    expect(textPlain.parseEntityCollection({ headers: {}, body }, context)).toEqual({
      entities: [],
      locations: ['/vm/a', '/vm/b', 'http://other.example/vm/c', '/vm/d'],
    });
    expect(
      occiError(() =>
        textPlain.parseEntityCollection({ headers: {}, body: 'X-OCCI-Attribute: a.b=1' }, context),
      ).message,
    ).toBe('line 1: X-OCCI-Attribute cannot appear in an entity collection (only X-OCCI-Location, §5.3)');
  });

  it('renders the query interface: complete Category lines (§5.2, §5.4)', () => {
    const body = textPlain.renderCategories(
      { kinds: [model.kind(VM)!], mixins: [model.mixin(FAST_SSD)!], actions: [model.action(START)!] },
      context,
    ).body;
    expect(body).toBe(
      [
        'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"; title="Virtual machine"; rel="http://schemas.ogf.org/occi/core#resource"; location="/vm/"; ' +
          'attributes="com.example.vm.cores{required} com.example.vm.hostname com.example.vm.state{immutable} com.example.vm.enabled com.example.vm.tags com.example.vm.metadata"; ' +
          'actions="http://example.com/occi/vm/action#start http://example.com/occi/vm/action#stop"',
        'Category: fast_ssd; scheme="http://example.com/occi/vm#"; class="mixin"; title="Fast SSD"; rel="http://example.com/occi/vm#ssd"; location="/mixin/fast_ssd/"',
        'Category: start; scheme="http://example.com/occi/vm/action#"; class="action"; title="Start the VM"; attributes="com.example.start.method{immutable} com.example.start.devices{immutable}"',
        '',
      ].join('\r\n'),
    );
  });

  it('reads categories into Kinds, Mixins and Actions (OCCI 1.1 query response)', () => {
    const parsed = textPlain.parseCategories({ headers: {}, body: fixture('occi-1.1-query.txt') }, context);
    expect((parsed.kinds as Kind[]).map((k) => [k.term, k.parent, k.location, k.actions])).toEqual([
      ['entity', undefined, undefined, []],
      ['resource', 'http://schemas.ogf.org/occi/core#entity', '/resource/', []],
      [
        'compute',
        'http://schemas.ogf.org/occi/core#resource',
        '/compute/',
        [
          'http://schemas.ogf.org/occi/infrastructure/compute/action#start',
          'http://schemas.ogf.org/occi/infrastructure/compute/action#stop',
        ],
      ],
    ]);
    const compute = parsed.kinds[2]!;
    expect(compute.title).toBe('Compute Resource');
    expect([...compute.attributes.values()].map((a) => [a.name, a.mutable, a.required])).toEqual([
      ['occi.compute.architecture', true, false],
      ['occi.compute.cores', true, false],
      ['occi.compute.hostname', true, false],
      ['occi.compute.memory', true, false],
      ['occi.compute.state', false, false],
    ]);
    expect(parsed.kinds[0]!.attributes.get('occi.core.id')).toMatchObject({ mutable: false, required: true });
    expect(parsed.actions.map((a) => [a.term, a.title, [...a.attributes.keys()]])).toEqual([
      ['start', 'Start Compute Resource', []],
      ['stop', 'Stop Compute Resource', ['method']],
    ]);
    expect(parsed.mixins).toEqual([
      {
        class: 'mixin',
        scheme: 'http://example.com/occi/my_stuff#',
        term: 'my_stuff',
        attributes: new Map(),
        depends: [],
        applies: [],
        actions: [],
        location: '/my_stuff/',
      },
    ]);
  });

  it('reads a category location given as an absolute URL under the base as a path', () => {
    const body = `Category: my_stuff; scheme="http://example.com/occi/my_stuff#"; class=mixin; location="${BASE}/my_stuff/"; rel="${SSD}"`;
    const [mixin] = textPlain.parseCategories({ headers: {}, body }, context).mixins;
    expect(mixin).toMatchObject({ location: '/my_stuff/', depends: [SSD] });
  });

  it('refuses malformed category definitions with the line', () => {
    const err = (body: string) =>
      occiError(() => textPlain.parseCategories({ headers: {}, body }, context)).message;
    expect(err('Category: a; scheme="x#"; class="kind"; attributes="a{mutable}"')).toBe(
      'line 1: Category a: attributes: unknown property "mutable" of a; expected immutable or required',
    );
    expect(err('\nCategory: a; scheme="x#"; class="kind"; attributes="a{immutable"')).toBe(
      'line 2: Category a: attributes: "{" after a is not closed',
    );
    expect(err('Category: a; scheme="x#"; class="action"; actions="x#y"')).toBe(
      'line 1: Category a: an action has no actions (§5.2.3)',
    );
    expect(err('Category: a; scheme="x#"; class="kind"; rel="x#b x#c"')).toBe(
      'line 1: Category a: a kind has one parent, rel lists 2',
    );
    expect(err('X-OCCI-Attribute: a=1')).toBe(
      'line 1: X-OCCI-Attribute cannot appear in a category collection (only Category, §5.4)',
    );
  });

  it('reads an action invocation (§5.1.1.1), typing parameters by the action', () => {
    const body = `Category: start; scheme="http://example.com/occi/vm/action#"; class="action"\nX-OCCI-Attribute: com.example.start.method="cold", com.example.start.devices="[\\"sda\\"]"`;
    expect(textPlain.parseActionInvocation({ headers: {}, body }, context)).toEqual({
      action: START,
      attributes: { 'com.example.start.method': 'cold', 'com.example.start.devices': ['sda'] },
    });
    const err = (b: string) =>
      occiError(() => textPlain.parseActionInvocation({ headers: {}, body: b }, context)).message;
    expect(err('X-OCCI-Attribute: a=1\nX-OCCI-Attribute: b=1')).toBe(
      'line 2: an action invocation needs one Category of class "action" (§5.1.1.1)',
    );
    expect(err(`${body}\nCategory: stop; scheme="http://example.com/occi/vm/action#"; class="action"`)).toBe(
      'line 3: an action invocation carries exactly one Category (§5.1.1.1)',
    );
    expect(err('Category: vm; scheme="http://example.com/occi/vm#"; class="kind"')).toBe(
      'line 1: Category http://example.com/occi/vm#vm is a kind; an action invocation needs class "action"',
    );
    expect(err(`${body}\nLink: </x>; rel="a#b"`)).toBe(
      'line 3: Link cannot appear in an action invocation (§5.1.1.1)',
    );
  });

  it('renders errors as plain text, one line per problem', () => {
    expect(
      textPlain.renderError(
        {
          status: 400,
          message: 'two problems',
          problems: [
            { code: 'unknown-attribute', message: 'unknown attribute a.b' },
            { code: 'attribute-type', message: 'c.d: expected number' },
          ],
        },
        context,
      ),
    ).toEqual({ headers: {}, body: 'unknown attribute a.b\r\nc.d: expected number\r\n' });
    expect(textPlain.renderError({ status: 404, message: 'not found', problems: [] }, context).body).toBe(
      'not found\r\n',
    );
  });

  it('declares its media types and messages', () => {
    expect(textPlain.mediaTypes).toEqual(['text/plain', 'text/occi+plain']);
    expect(textPlain.renders).toEqual(['entity', 'entity-collection', 'categories', 'action']);
    expect(textPlain.inHeaders).toBeUndefined();
  });
});
