/** text/uri-list (GFD.229 §8): listings of collections, and 400 for anything that is no listing. */
import { checksOf } from '../define.js';
import { answered, expect, expectStatus, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { isUri, isUriReference } from '../text-abnf.js';
import { collectionIn, readable } from './support.js';

const { checks, add } = checksOf('urilist');

export { checks as uriListChecks };

const TYPE = 'text/uri-list';

async function kindCollection(p: Probe): Promise<string> {
  const { kind } = await readable(p);
  const at = kind ? (await p.model()).kind(kind)?.location : undefined;
  const any = at ?? (await p.model()).kinds.find((k) => k.location)?.location;
  if (!any) skip('the server binds no kind to a location');
  return any;
}

add(
  '§3',
  'MUST',
  'offered',
  'the server lists collections in text/uri-list (compliance needs all three text renderings)',
  async (p) => {
    const at = await kindCollection(p);
    const response = await p.wire.send({ method: 'GET', path: at, headers: { accept: TYPE } });
    expect(
      await p.offersUriList(),
      `GET ${at} asking for text/uri-list: ${answered(response)}${serverSays(response)}`,
      response,
    );
  },
);

add(
  '§8',
  'MUST',
  'collection',
  'a kind collection asked for in text/uri-list is answered 200 OK in text/uri-list, one URI a line',
  async (p) => {
    await p.needUriList();
    const { collection, response } = await collectionIn(p, await kindCollection(p), 'urilist');
    const bad = collection.locations.filter((l) => !isUriReference(l));
    expect(bad.length === 0, `lines that are no URI: ${bad.slice(0, 3).join(', ')}`, response);
    expect(collection.locations.length > 0, 'the listing is empty', response);
  },
);

add(
  '§8',
  'MUST',
  'lists-entity',
  'the listing of a kind collection holds the location of an entity of that kind',
  async (p) => {
    await p.needUriList();
    const c = await p.fx.anyResource();
    const { collection, response } = await collectionIn(
      p,
      (await p.model()).kind(c.kind)!.location!,
      'urilist',
    );
    expect(
      collection.locations.some((l) => p.wire.relative(l) === c.location),
      `${c.location} is not listed`,
      response,
    );
  },
  { writes: true },
);

add(
  '§8',
  'MUST',
  'mixin-collection',
  'a mixin collection asked for in text/uri-list is answered 200 OK in text/uri-list',
  async (p) => {
    await p.needUriList();
    const m = (await p.model()).mixins.find((x) => x.location);
    if (!m) skip('the server binds no mixin to a location');
    await collectionIn(p, m.location!, 'urilist');
  },
);

add(
  '§8',
  'MUST',
  'entity-400',
  'a request for an entity with text/uri-list in Accept, which is no listing, is answered 400 Bad Request',
  async (p) => {
    await p.needUriList();
    const { location } = await readable(p);
    expectStatus(
      await p.wire.send({ method: 'GET', path: location, headers: { accept: TYPE } }),
      [400],
      `GET ${location} accepting text/uri-list`,
    );
  },
);

add(
  '§8',
  'MUST',
  'discovery-400',
  'the query interface asked for in text/uri-list is answered 400 (kinds and mixins are rendered in text/occi or text/plain only)',
  async (p) => {
    await p.needUriList();
    expectStatus(
      await p.wire.send({ method: 'GET', path: '/-/', headers: { accept: TYPE } }),
      [400],
      'GET /-/ accepting text/uri-list',
    );
  },
);

add('§8', 'MUST', 'crlf', 'each line of a URI list ends with CRLF (RFC 2483 §5)', async (p) => {
  await p.needUriList();
  const { response } = await collectionIn(p, await kindCollection(p), 'urilist');
  const body = response.body;
  const ok = body === '' || (body.endsWith('\r\n') && !body.replace(/\r\n/g, '').includes('\n'));
  expect(ok, 'lines not ended by CRLF', response);
});

add(
  '§8',
  'SHOULD',
  'absolute',
  'the URIs of a listing are absolute (RFC 2483: a list of URIs)',
  async (p) => {
    await p.needUriList();
    const { collection, response } = await collectionIn(p, await kindCollection(p), 'urilist');
    const bad = collection.locations.filter((l) => !isUri(l));
    expect(bad.length === 0, `relative: ${bad.slice(0, 3).join(', ')}`, response);
  },
);
