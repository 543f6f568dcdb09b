/** text/occi (GFD.229 §7): the rendering in HTTP header fields, the body "OK", multiple field values. */

import { categoriesOf } from '../discovery.js';
import { categoryValue, quote, RENDERINGS, textMessage } from '../messages.js';
import { answered, expect, serverSays } from '../outcome.js';
import type { Probe } from '../probe.js';
import type { WireResponse } from '../wire.js';
import { collectionIn, entityIn, readable } from './support.js';
import { textChecks, trackCreated } from './text-common.js';

const { checks, add } = textChecks('occi');

export { checks as textOcciChecks };

const W = { writes: true };

const isOk = (response: WireResponse) => response.body.trim() === 'OK';

async function kindCollection(p: Probe): Promise<string> {
  const { kind } = await readable(p);
  const at = kind ? (await p.model()).kind(kind)?.location : undefined;
  return at ?? (await p.model()).kinds.find((k) => k.location)!.location!;
}

const responses: [string, string, (p: Probe) => Promise<WireResponse>][] = [
  ['discovery', 'GET /-/', (p) => p.discoveryResponse('text/occi')],
  [
    'entity',
    'GET of an entity',
    async (p) => (await entityIn(p, (await readable(p)).location, 'occi')).response,
  ],
  [
    'collection',
    'GET of a kind collection',
    async (p) => (await collectionIn(p, await kindCollection(p), 'occi')).response,
  ],
];

for (const [name, what, get] of responses)
  add('§7', 'MUST', `ok-${name}`, `the body of a successful ${what} in text/occi is "OK"`, async (p) => {
    await p.needRendering('occi');
    const response = await get(p);
    expect(isOk(response), `the body is ${JSON.stringify(response.body.slice(0, 60))}, not "OK"`, response);
  });

add(
  '§7',
  'MUST',
  'ok-create',
  'the body of a successful create in text/occi is "OK"',
  async (p) => {
    await p.needRendering('occi');
    const base = await p.fx.anyResource();
    const c = await p.fx.create(base.kind, { rendering: 'occi', summary: 'text/occi create' });
    expect(
      isOk(c.response),
      `the body is ${JSON.stringify(c.response.body.slice(0, 60))}, not "OK"`,
      c.response,
    );
  },
  W,
);

add(
  '§7',
  'MUST',
  'in-headers',
  'the text/occi rendering travels in header fields: discovery has Category header fields and nothing of OCCI in the body',
  async (p) => {
    await p.needRendering('occi');
    const response = await p.discoveryResponse('text/occi');
    expect((response.headers.category ?? []).length > 0, 'no Category header field', response);
    expect(!/^(Category|X-OCCI-)/im.test(response.body), 'OCCI fields in the body', response);
  },
);

add(
  '§7',
  'MUST',
  'no-truncation',
  'the text/occi discovery is complete (as many categories as in the other renderings) or refused, never cut short',
  async (p) => {
    await p.needRendering('occi');
    const response = await p.discoveryResponse('text/occi');
    const here = categoriesOf(response, 'occi')?.length ?? 0;
    const model = await p.model();
    if (response.status >= 400) return `refused (${response.status}): not truncated`;
    expect(
      here === model.all.length,
      `${here} categories in text/occi, ${model.all.length} in ${RENDERINGS[model.from].type}`,
      response,
    );
  },
);

add(
  '§7',
  'MUST',
  'repeated-fields',
  'a request with a header field repeated (several X-OCCI-Attribute fields) is understood: each value applies',
  async (p) => {
    await p.needRendering('occi');
    const base = await p.fx.anyResource();
    const location = (await p.model()).kind(base.kind)!.location!;
    const m = textMessage(
      'occi',
      [
        ['Category', categoryValue(base.kind, 'kind')],
        ['X-OCCI-Attribute', `occi.core.title=${quote(p.fx.title)}`],
        ['X-OCCI-Attribute', 'occi.core.summary="repeated fields"'],
      ],
      { repeated: true },
    );
    const response = await p.wire.send({ method: 'POST', path: location, ...m });
    const c = await trackCreated(p, response, base.kind, 'occi');
    const { entity } = await entityIn(p, c, 'occi');
    expect(
      entity.title === p.fx.title && entity.summary === 'repeated fields',
      `title ${JSON.stringify(entity.title)}, summary ${JSON.stringify(entity.summary)}`,
    );
  },
  W,
);

add(
  '§7',
  'SHOULD',
  'comma-lists',
  'responses write several values of a field as one comma-separated field (RECOMMENDED for interoperability)',
  async (p) => {
    await p.needRendering('occi');
    const { response } = await entityIn(p, (await readable(p)).location, 'occi');
    const repeated = Object.entries(response.headers)
      .filter(
        ([n, v]) => ['category', 'link', 'x-occi-attribute', 'x-occi-location'].includes(n) && v.length > 1,
      )
      .map(([n]) => n);
    expect(
      repeated.length === 0,
      `fields repeated instead of comma-separated: ${repeated.join(', ')}`,
      response,
    );
  },
);

add(
  '§7',
  'MUST',
  'error-status',
  'a failed request in text/occi is answered with an error status, not "OK"',
  async (p) => {
    await p.needRendering('occi');
    const response = await p.wire.send({
      method: 'GET',
      path: `${await kindCollection(p)}occi-check-${p.options.runId}-nothing`,
      headers: { accept: 'text/occi' },
    });
    expect(response.status >= 400, `${answered(response)}${serverSays(response)}`, response);
    expect(!isOk(response), 'the body of the failure is "OK"', response);
  },
);
