/**
 * The usual parameter and attribute are read in one step (field-value.ts
 * `#knownQuoted`, `knownAttribute`); everything else goes through the
 * general steps. These inputs sit on the border between the two: each must
 * read, or be refused, exactly as the general steps read or refuse it.
 */
import { describe, expect, it } from 'vitest';
import { textOcci, textPlain } from '../src/index.js';
import { context, NET, NIC, occiError, VM } from './helpers.js';

const CATEGORY = 'Category: vm; scheme="http://example.com/occi/vm#"; class="kind"';
const plain = (...lines: string[]) =>
  textPlain.parseEntity({ headers: {}, body: [CATEGORY, ...lines].join('\n') }, context);
const LINK = `</net/1>; rel="${NET}"; self="/link/nic/1"; category="${NIC}"`;

describe('one-step reading of parameters and attributes', () => {
  it('reads quoted strings with escapes, as the general steps do', () => {
    const draft = plain('X-OCCI-Attribute: occi.core.title="say \\"hi\\" \\\\ bye"');
    expect(draft.title).toBe('say "hi" \\ bye');
    const link = plain(`Link: ${LINK}; com.example.nic.mac="a\\"b"`).links![0]!;
    expect(link.attributes).toEqual({ 'com.example.nic.mac': 'a"b' });
  });

  it('reads parameters spaced otherwise than "; name=" and empty quoted strings', () => {
    const links = plain(
      `Link: </net/1>;rel="${NET}";  self="/link/nic/1" ; category = "${NIC}";com.example.nic.mac=""`,
    ).links!;
    expect(links).toEqual([
      {
        kind: NIC,
        mixins: [],
        location: '/link/nic/1',
        attributes: { 'com.example.nic.mac': '' },
        target: { location: '/net/1', kind: NET },
      },
    ]);
  });

  it('reads a value after a continuation backslash, and a token starting with "="', () => {
    const draft = plain('X-OCCI-Attribute: com.example.vm.cores=\\ 4', 'X-OCCI-Attribute: com.example.x==y');
    expect(draft.attributes).toEqual({ 'com.example.vm.cores': 4, 'com.example.x': '=y' });
  });

  it('refuses a quoted string that closes only on a later line, naming its line', () => {
    const error = occiError(() =>
      plain('X-OCCI-Attribute: occi.core.title="abc', 'X-OCCI-Attribute: occi.core.summary="x"'),
    );
    expect(error.problems[0]?.message).toBe('line 2: unterminated quoted string starting at "\\"abc"');
  });

  it('refuses a name that is not one, whether or not a valid name was read before', () => {
    for (let i = 0; i < 2; i++) {
      const error = occiError(() => plain('X-OCCI-Attribute: com.example.vm.cores=2, com.example/x="y"'));
      expect(error.problems[0]?.message).toBe('line 2: "com.example/x" is not a valid attribute name');
    }
  });

  it('reads many names of the same length and last character, in the same message and the next', () => {
    // 20 names in one group of the remembered names (which keeps 8): each is read by its own text.
    const names = Array.from({ length: 20 }, (_, i) => `com.example.a${String(i).padStart(2, '0')}`);
    const body = names.map((n, i) => `X-OCCI-Attribute: ${n}="${i}"`);
    const expected = Object.fromEntries(names.map((n, i) => [n, String(i)]));
    expect(plain(...body).attributes).toEqual(expected);
    expect(plain(...body.reverse()).attributes).toEqual(expected);
    const headers = {
      category: CATEGORY.slice('Category: '.length),
      'x-occi-attribute': body.map((line) => line.slice('X-OCCI-Attribute: '.length)).join(', '),
    };
    expect(textOcci.parseEntity({ headers, body: '' }, context).attributes).toEqual(expected);
  });

  it('reads the same entity from text/plain and text/occi', () => {
    const entity = {
      id: 'urn:uuid:1',
      kind: VM,
      mixins: [],
      title: 'a "quoted", title',
      location: '/vm/1',
      links: [
        {
          id: 'urn:uuid:2',
          kind: NIC,
          mixins: [],
          location: '/link/nic/2',
          source: { location: '/vm/1', kind: VM },
          target: { location: '/net/3', kind: NET },
          attributes: { 'com.example.nic.mac': '00:11:22:33:44:55' },
        },
      ],
      attributes: { 'com.example.vm.cores': 2, 'com.example.vm.hostname': 'h\\1' },
    };
    const fromPlain = textPlain.parseEntity(textPlain.renderEntity(entity, context), context);
    const fromOcci = textOcci.parseEntity(textOcci.renderEntity(entity, context), context);
    expect(fromPlain).toEqual(fromOcci);
    expect(fromPlain.title).toBe('a "quoted", title');
    expect(fromPlain.attributes).toEqual({ 'com.example.vm.cores': 2, 'com.example.vm.hostname': 'h\\1' });
    expect(fromPlain.links![0]!.attributes).toEqual({ 'com.example.nic.mac': '00:11:22:33:44:55' });
  });
});
