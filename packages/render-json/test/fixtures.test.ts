import { actionFromDefinition, kindFromDefinition, Model, mixinFromDefinition } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { jsonRendering } from '../src/index.js';
import { BASE_URL, body, fixture, schemaErrors } from './helpers.js';

/** The appendix examples name infrastructure categories: parse them with the Core model only. */
const context = { model: Model.create([]), baseUrl: BASE_URL };
const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const NI_ATTRIBUTES = {
  'occi.networkinterface.interface': 'eth0',
  'occi.networkinterface.mac': '00:80:41:ae:fd:7e',
  'occi.networkinterface.address': '192.168.0.100',
  'occi.networkinterface.gateway': '192.168.0.1',
  'occi.networkinterface.allocation': 'dynamic',
};
const NETWORK_INTERFACE = {
  kind: `${INFRA}networkinterface`,
  mixins: ['http://schemas.ogf.org/occi/infrastructure/networkinterface#ipnetworkinterface'],
  attributes: NI_ATTRIBUTES,
  id: 'urn:uuid:22fe83ae-a20f-54fc-b436-cec85c94c5e8',
  target: { location: '/network/b7d55bf4-7057-5113-85c8-141871bf7635', kind: `${INFRA}network` },
  source: { location: '/compute/996ad860-2a9a-504f-8861-aeafd0b2ae29', kind: `${INFRA}compute` },
};

describe('the appendix examples (GFD.225 §10), corrected per the fixture README', () => {
  it('§10.1 resource instance', () => {
    const text = fixture('spec-resource.json');
    expect(schemaErrors('resource', JSON.parse(text))).toEqual([]);
    expect(jsonRendering.parseEntity(body(text), context)).toStrictEqual({
      kind: `${INFRA}compute`,
      mixins: [
        'http://example.com/occi/infrastructure/os_tpl#debian9',
        'http://example.com/occi/infrastructure/resource_tpl#medium',
      ],
      attributes: {
        'occi.compute.speed': 2,
        'occi.compute.memory': 4,
        'occi.compute.cores': 2,
        'com.example.occi.templates.myosmixin': { mykey: 'myvalue' },
      },
      id: 'urn:uuid:996ad860-2a9a-504f-8861-aeafd0b2ae29',
      links: [NETWORK_INTERFACE],
    });
  });

  it('§10.2 action invocation', () => {
    const text = fixture('spec-action-invocation.json');
    expect(schemaErrors('action_invocation', JSON.parse(text))).toEqual([]);
    expect(jsonRendering.parseActionInvocation(body(text), context)).toStrictEqual({
      action: 'http://schemas.ogf.org/occi/infrastructure/compute/action#stop',
      attributes: { method: 'graceful' },
    });
  });

  it('§10.3 link instance', () => {
    const text = fixture('spec-link.json');
    expect(schemaErrors('link', JSON.parse(text))).toEqual([]);
    expect(jsonRendering.parseEntity(body(text), context)).toStrictEqual(NETWORK_INTERFACE);
  });

  it('§10.4 kind instance', () => {
    const text = fixture('spec-kind.json');
    expect(schemaErrors('kind', JSON.parse(text))).toEqual([]);
    expect(jsonRendering.parseCategories(body(text), context)).toStrictEqual({
      kinds: [
        kindFromDefinition({
          term: 'compute',
          scheme: INFRA,
          title: 'ComputeResource',
          parent: 'http://schemas.ogf.org/occi/core#resource',
          attributes: {
            'occi.compute.hostname': {
              mutable: true,
              required: false,
              type: 'string',
              description: 'Hostname of the compute resource',
              pattern: {
                $schema: 'http://json-schema.org/draft-04/schema#',
                type: 'string',
                pattern: '\\S+',
              },
            },
            'occi.compute.state': {
              mutable: false,
              required: false,
              type: 'string',
              default: 'inactive',
              description: 'State the compute resource is in',
            },
          },
          actions: ['start', 'stop', 'restart', 'suspend'].map(
            (a) => `http://schemas.ogf.org/occi/infrastructure/compute/action#${a}`,
          ),
          location: '/compute/',
        }),
      ],
      mixins: [],
      actions: [],
    });
  });

  it('§10.5 mixin instance', () => {
    const text = fixture('spec-mixin.json');
    expect(schemaErrors('mixin', JSON.parse(text))).toEqual([]);
    const parsed = jsonRendering.parseCategories(body(text), context);
    expect(parsed).toStrictEqual({
      kinds: [],
      mixins: [
        mixinFromDefinition({
          term: 'medium',
          scheme: 'http://example.com/template/resource#',
          depends: [`${INFRA}resourcetpl`],
          applies: [`${INFRA}compute`],
          attributes: { 'occi.compute.speed': { type: 'number', default: 2.8 } },
          title: 'MediumVM',
          location: '/template/resource/medium/',
        }),
      ],
      actions: [],
    });
    // JSON §3.5.1 defaults for what the description leaves out.
    expect(parsed.mixins[0]!.attributes.get('occi.compute.speed')).toEqual({
      name: 'occi.compute.speed',
      type: 'number',
      mutable: false,
      required: false,
      default: 2.8,
    });
  });

  it('§10.6 action instance', () => {
    const text = fixture('spec-action.json');
    expect(schemaErrors('action', JSON.parse(text))).toEqual([]);
    expect(jsonRendering.parseCategories(body(text), context)).toStrictEqual({
      kinds: [],
      mixins: [],
      actions: [
        actionFromDefinition({
          term: 'stop',
          scheme: 'http://schemas.ogf.org/occi/infrastructure/compute/action#',
          title: 'StopComputeinstance',
          attributes: { method: { mutable: true, required: false, type: 'string', default: 'poweroff' } },
        }),
      ],
    });
  });
});
