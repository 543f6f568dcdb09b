/**
 * `occi parse --check-model`: the message against the endpoint's model —
 * every entity of a collection and every inline link, not only a lone
 * entity: known kinds and mixins, attributes their kind and mixins define,
 * values of the defined type (Core §5.3.2). JSON findings carry their
 * pointer, text ones the line of their field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occi, removeCliBundle, type ServerProcess, startServer } from '../support/processes.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await removeCliBundle();
});

const parse = (args: string[], input: string) =>
  occi(['parse', '--check-model', '--endpoint', server.url, ...args], { input });

describe.concurrent('--check-model', () => {
  it('JSON: every entity of a collection, every inline link, by pointer', async () => {
    const r = await parse(
      [],
      JSON.stringify({
        resources: [
          {
            kind: `${INFRA}compute`,
            id: 'urn:uuid:1',
            mixins: ['http://example.com/tpl#nope'],
            attributes: { 'occi.compute.cores': 'two', 'occi.compute.colour': 'red' },
            links: [
              {
                kind: `${INFRA}networkinterface`,
                id: 'urn:uuid:3',
                source: { location: '/compute/1' },
                target: { location: '/network/1', kind: `${INFRA}network` },
                attributes: { 'occi.networkinterface.colour': 'red' },
              },
            ],
          },
          { kind: `${INFRA}storage`, id: 'urn:uuid:2', attributes: { 'occi.storage.size': 'big' } },
        ],
        links: [
          {
            kind: `${INFRA}storagelink`,
            id: 'urn:uuid:4',
            source: { location: '/compute/1' },
            target: { location: '/storage/1', kind: `${INFRA}disk` },
          },
        ],
      }),
    );
    expect(r).toEqual({
      code: 1,
      stdout:
        '<stdin> /resources/0/mixins/0: the model has no mixin http://example.com/tpl#nope\n' +
        `<stdin> /resources/0/attributes/occi.compute.cores: occi.compute.cores is a number, the message gives a string\n` +
        `<stdin> /resources/0/attributes/occi.compute.colour: ${INFRA}compute and its mixins define no attribute occi.compute.colour\n` +
        `<stdin> /resources/0/links/0/attributes/occi.networkinterface.colour: link to /network/1: ${INFRA}networkinterface and its mixins define no attribute occi.networkinterface.colour\n` +
        '<stdin> /resources/1/attributes/occi.storage.size: occi.storage.size is a number, the message gives a string\n' +
        `<stdin> /links/0/target/kind: the model has no kind ${INFRA}disk (the target's kind)\n`,
      stderr: 'occi: 6 problems in <stdin> (json, as collection)\n',
    });
  });

  it('text: an inline link at the line of its Link (of a link kind), an attribute at its line', async () => {
    const r = await parse(
      [],
      [
        `Category: compute; scheme="${INFRA}"; class="kind"`,
        `Link: </network/1>; rel="${INFRA}network"; category="${INFRA}networkinterface"; occi.networkinterface.colour="red"`,
        `Link: </storage/1>; rel="${INFRA}storage"; category="${INFRA}compute"`,
        'X-OCCI-Attribute: occi.core.id="a"',
        'X-OCCI-Attribute: occi.compute.colour="red"',
        '',
      ].join('\n'),
    );
    expect(r).toEqual({
      code: 1,
      stdout:
        `<stdin>:2: link to /network/1: ${INFRA}networkinterface and its mixins define no attribute occi.networkinterface.colour\n` +
        `<stdin>:3: link to /storage/1: ${INFRA}compute is not a link kind (Core §5.4.2: a resource's links are Link instances)\n` +
        `<stdin>:5: ${INFRA}compute and its mixins define no attribute occi.compute.colour\n`,
      stderr: 'occi: 3 problems in <stdin> (plain, as entity)\n',
    });
  });

  it('a partial update, an action invocation and its parameters', async () => {
    const [update, action] = await Promise.all([
      parse(['--as', 'update'], JSON.stringify({ mixins: [`${INFRA}compute`], attributes: { 'occi.x': 1 } })),
      parse(
        [],
        JSON.stringify({
          action: `${INFRA.replace('#', '/compute/action#')}stop`,
          attributes: { speed: 'fast' },
        }),
      ),
    ]);
    expect(update).toEqual({
      code: 1,
      stdout: `<stdin> /mixins/0: ${INFRA}compute is a kind, not a mixin\n`,
      stderr: 'occi: 1 problem in <stdin> (json, as update)\n',
    });
    expect(action).toEqual({
      code: 1,
      stdout: `<stdin> /attributes/speed: ${INFRA.replace('#', '/compute/action#')}stop has no parameter speed\n`,
      stderr: 'occi: 1 problem in <stdin> (json, as action)\n',
    });
  });

  it('a valid entity of the model is valid', async () => {
    const r = await parse(
      [],
      JSON.stringify({ kind: `${INFRA}compute`, id: 'urn:uuid:1', attributes: { 'occi.compute.cores': 2 } }),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
