/** text/plain (GFD.229 §6): the body rendering, its two media types, its fields and their order. */
import { categoryValue, quote, textMessage } from '../messages.js';
import { answered, expect, serverSays } from '../outcome.js';
import type { Probe } from '../probe.js';
import { textFields } from '../read.js';
import { contentType } from '../wire.js';
import { collectionIn, entityIn, problems, readable } from './support.js';
import { textChecks, trackCreated } from './text-common.js';

const { checks, add } = textChecks('plain');

export { checks as textPlainChecks };

add(
  '§6',
  'MUST',
  'occi-plain-type',
  "a request for text/occi+plain (the rendering's other media type) is answered in text/occi+plain",
  async (p) => {
    await p.needRendering('plain');
    const response = await p.wire.send({
      method: 'GET',
      path: '/-/',
      headers: { accept: 'text/occi+plain' },
    });
    expect(
      response.status === 200,
      `GET /-/ asking for text/occi+plain: ${answered(response)}${serverSays(response)}`,
      response,
    );
    expect(
      contentType(response) === 'text/occi+plain',
      `answered in ${contentType(response) ?? 'no media type'}`,
      response,
    );
  },
);

add(
  '§6',
  'MUST',
  'occi-plain-request',
  'a request body in text/occi+plain is read like text/plain (an entity is created from it)',
  async (p) => {
    await p.needRendering('plain');
    const base = await p.fx.anyResource();
    const location = (await p.model()).kind(base.kind)!.location!;
    const m = textMessage('plain', [
      ['Category', categoryValue(base.kind, 'kind')],
      ['X-OCCI-Attribute', `occi.core.title=${quote(p.fx.title)}`],
      ['X-OCCI-Attribute', 'occi.core.summary="occi+plain"'],
    ]);
    m.headers['content-type'] = 'text/occi+plain';
    const response = await p.wire.send({ method: 'POST', path: location, ...m });
    const c = await trackCreated(p, response, base.kind, 'plain');
    const { entity } = await entityIn(p, c, 'plain');
    expect(entity.summary === 'occi+plain', `summary ${JSON.stringify(entity.summary)}`);
  },
  { writes: true },
);

async function bodies(p: Probe) {
  await p.needRendering('plain');
  const discovery = await p.discoveryResponse('text/plain');
  const { location, kind } = await readable(p);
  const entity = (await entityIn(p, location, 'plain')).response;
  const at = kind ? (await p.model()).kind(kind)?.location : undefined;
  const collection = at ? (await collectionIn(p, at, 'plain')).response : undefined;
  return [
    ['discovery', discovery],
    ['entity', entity],
    ...(collection ? [['collection', collection] as const] : []),
  ] as const;
}

add(
  '§6',
  'MUST',
  'body-fields',
  'a text/plain body is "Name: value" entries of Category, Link, X-OCCI-Attribute and X-OCCI-Location only',
  async (p) => {
    const bad: string[] = [];
    for (const [what, response] of await bodies(p))
      for (const x of textFields(response, 'plain').problems) bad.push(`${what}: ${x}`);
    expect(bad.length === 0, problems(bad));
  },
);

add(
  '§5',
  'MUST',
  'crlf',
  "every field of a text/plain body ends with CRLF, as the renderings' ABNF writes it",
  async (p) => {
    const bad: string[] = [];
    for (const [what, response] of await bodies(p)) {
      const lf = response.body.replace(/\r\n/g, '').includes('\n');
      if (lf || (response.body !== '' && !response.body.endsWith('\r\n'))) bad.push(what);
    }
    expect(bad.length === 0, `lines not ended by CRLF in: ${bad.join(', ')}`);
  },
);

add(
  '§5.1.1',
  'MUST',
  'entity-order',
  'an entity rendering lists its Category fields, then Link fields, then X-OCCI-Attribute fields',
  async (p) => {
    await p.needRendering('plain');
    const { response } = await entityIn(p, (await readable(p)).location, 'plain');
    const order = ['category', 'link', 'x-occi-attribute'];
    let at = 0;
    for (const [name] of textFields(response, 'plain').fields) {
      const i = order.indexOf(name);
      expect(i >= at, `a ${name} field after a ${order[at]} field`, response);
      at = i;
    }
  },
);
