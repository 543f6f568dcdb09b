/**
 * The examples of the OCCI 1.2 documents that concern the Infrastructure
 * model, as fixtures (fixed where the spec README's errata say so).
 */
import { readFileSync } from 'node:fs';
import type { AttributeValue } from '@occi/core';
import { checkAttributeValue, createReferenceProvider, MemoryStore, Model, typeIdentifier } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  COMPUTE_KIND,
  COMPUTE_RESTART_ACTION,
  COMPUTE_SAVE_ACTION,
  COMPUTE_START_ACTION,
  COMPUTE_STOP_ACTION,
  COMPUTE_SUSPEND_ACTION,
  IPNETWORKINTERFACE_MIXIN,
  infrastructure,
  NETWORKINTERFACE_KIND,
  osTemplateCatalogue,
  RESOURCE_TPL,
} from '../src/index.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const model = Model.create([infrastructure]);

/** What is wrong with each attribute value of an entity of `kind` with `mixins`: name → problem. */
function check(
  kind: string,
  mixins: string[],
  values: Record<string, AttributeValue>,
): Record<string, string> {
  const defined = model.attributes(
    kind,
    mixins.filter((m) => model.mixin(m)),
  );
  const problems: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const attribute = defined.get(name);
    const wrong = attribute ? checkAttributeValue(attribute, value) : 'not defined';
    if (wrong) problems[name] = wrong;
  }
  return problems;
}

describe('JSON rendering: resource instance example', () => {
  const resource = fixture('json-resource-example.json');

  it('has compute values the model accepts, except occi.compute.speed (erratum 5)', () => {
    expect(resource.kind).toBe(COMPUTE_KIND);
    const { 'com.example.occi.templates.myosmixin': _provider, ...occi } = resource.attributes;
    expect(check(resource.kind, resource.mixins, occi)).toEqual({ 'occi.compute.speed': 'not defined' });
    expect(resource.actions).toEqual([COMPUTE_START_ACTION]);
  });

  it('writes networkinterface names the table does not define (erratum 6); the table names accept the values', () => {
    const [link] = resource.links;
    expect(link.kind).toBe(NETWORKINTERFACE_KIND);
    expect(link.mixins).toEqual([IPNETWORKINTERFACE_MIXIN]);
    const printed = check(link.kind, link.mixins, link.attributes);
    expect(Object.keys(printed)).toEqual(Object.keys(link.attributes));
    const renamed = Object.fromEntries(
      Object.entries(link.attributes as Record<string, AttributeValue>).map(([n, v]) => [
        n.replace('occi.infrastructure.', 'occi.'),
        v,
      ]),
    );
    expect(renamed).toEqual({
      'occi.networkinterface.interface': 'eth0',
      'occi.networkinterface.mac': '00:80:41:ae:fd:7e',
      'occi.networkinterface.address': '192.168.0.100',
      'occi.networkinterface.gateway': '192.168.0.1',
      'occi.networkinterface.allocation': 'dynamic',
    });
    expect(check(link.kind, link.mixins, renamed)).toEqual({});
  });

  it('shows networkinterface actions Infrastructure 1.2 does not define (erratum 6)', () => {
    const [link] = resource.links;
    for (const action of link.actions) expect(model.action(action)).toBeUndefined();
    expect(model.kind(NETWORKINTERFACE_KIND)?.actions).toEqual([]);
  });

  it('links a compute source to a network target by kind', () => {
    const [link] = resource.links;
    expect(model.kind(link.source.kind)?.term).toBe('compute');
    expect(model.kind(link.target.kind)?.term).toBe('network');
    expect(link.target.location.startsWith(model.kind(link.target.kind)!.location!)).toBe(true);
    expect(link.source.location.startsWith(model.kind(link.source.kind)!.location!)).toBe(true);
  });
});

describe('JSON rendering: action invocation example', () => {
  it('invokes stop with a method the table allows', () => {
    const invocation = fixture('json-action-invocation-example.json');
    expect(invocation.action).toBe(COMPUTE_STOP_ACTION);
    const method = model.action(invocation.action)!.attributes.get('method')!;
    expect(checkAttributeValue(method, invocation.attributes.method)).toBeUndefined();
  });
});

describe('JSON rendering: Kind instance example', () => {
  const example = fixture('json-kind-example.json');
  const kind = model.kind(example.scheme + example.term)!;

  it('matches the compute kind: scheme, term, parent, location', () => {
    expect(typeIdentifier(kind)).toBe(COMPUTE_KIND);
    expect(kind.parent).toBe(example.parent);
    expect(kind.location).toBe(example.location);
    // The conversion dropped the space of table 1's "Compute Resource".
    expect(kind.title?.replace(/ /g, '')).toBe(example.title);
  });

  it('lists the four 1.1 actions, to which 1.2 adds save', () => {
    expect(kind.actions).toEqual([...example.actions, COMPUTE_SAVE_ACTION]);
    expect(example.actions).toEqual([
      COMPUTE_START_ACTION,
      COMPUTE_STOP_ACTION,
      COMPUTE_RESTART_ACTION,
      COMPUTE_SUSPEND_ACTION,
    ]);
  });

  it('defines the hostname as the example does, and the state with its default', () => {
    const hostname = kind.attributes.get('occi.compute.hostname')!;
    const shown = example.attributes['occi.compute.hostname'];
    expect({ mutable: hostname.mutable, required: hostname.required, type: hostname.type }).toEqual({
      mutable: shown.mutable,
      required: shown.required,
      type: shown.type,
    });
    // The example's pattern as printed, with its draft-04 semantics (JSON §3.5.1: unanchored).
    expect(hostname.pattern).toEqual(shown.pattern);
    const state = kind.attributes.get('occi.compute.state')!;
    const shownState = example.attributes['occi.compute.state'];
    expect(state.default).toBe(shownState.default);
    // As the example says: immutable, so the server's (Core §5.2), never the client's to give (Core §5.3.2).
    expect({ mutable: state.mutable, required: state.required }).toEqual({
      mutable: shownState.mutable,
      required: shownState.required,
    });
    expect(state.required).toBe(false);
  });
});

describe('JSON rendering: Action instance example', () => {
  it('matches the stop action and its method parameter', () => {
    const example = fixture('json-action-example.json');
    const action = model.action(example.scheme + example.term)!;
    expect(action.title?.replace(/ /g, '').toLowerCase()).toBe(example.title.toLowerCase());
    const method = action.attributes.get('method')!;
    expect({
      mutable: method.mutable,
      required: method.required,
      type: method.type,
      default: method.default,
    }).toEqual(example.attributes.method);
  });
});

describe('JSON rendering: Mixin instance example', () => {
  const example = {
    term: 'medium',
    scheme: 'http://example.com/template/resource#',
    depends: ['http://schemas.ogf.org/occi/infrastructure#resourcetpl'],
    applies: [COMPUTE_KIND],
    attributes: { 'occi.compute.speed': { type: 'number' as const, default: 2.8 } },
    title: 'MediumVM',
    location: '/template/resource/medium/',
  };

  it('fails to load as printed: resourcetpl is resource_tpl, and speed is gone (erratum 5)', () => {
    expect(() => Model.create([infrastructure, { name: 'example', mixins: [example] }])).toThrow(
      /is not a known mixin — did you mean http:\/\/schemas.ogf.org\/occi\/infrastructure#resource_tpl\?.*occi.compute.speed/s,
    );
  });

  it('loads once fixed, as a resource template', () => {
    const fixed = {
      ...example,
      depends: [RESOURCE_TPL],
      attributes: { 'occi.compute.memory': { type: 'number' as const, default: 2.8 } },
    };
    const m = Model.create([infrastructure, { name: 'example', mixins: [fixed] }]);
    expect(m.templateFamily('http://example.com/template/resource#medium')).toEqual({
      mixin: RESOURCE_TPL,
      exclusive: true,
      overrides: true,
    });
  });
});

describe('Text rendering: compute instance example', () => {
  it('carries values the model accepts, except occi.compute.speed (erratum 5)', () => {
    const { attributes } = fixture('text-compute-example.json');
    expect(check(COMPUTE_KIND, [], attributes)).toEqual({ 'occi.compute.speed': 'not defined' });
  });
});

describe('Infrastructure: attribute examples of the tables', () => {
  it('accepts each example value', () => {
    expect(
      check(
        'http://schemas.ogf.org/occi/infrastructure#network',
        ['http://schemas.ogf.org/occi/infrastructure/network#ipnetwork'],
        {
          'occi.network.vlan': 343,
          'occi.network.label': 'external-dmz',
          'occi.network.address': '192.168.0.1/24',
          'occi.network.gateway': '192.168.0.1',
        },
      ),
    ).toEqual({});
    expect(
      check(
        'http://schemas.ogf.org/occi/infrastructure#network',
        ['http://schemas.ogf.org/occi/infrastructure/network#ipnetwork'],
        {
          'occi.network.address': 'fc00::/7',
          'occi.network.gateway': 'fc00::',
        },
      ),
    ).toEqual({});
    expect(
      check(NETWORKINTERFACE_KIND, [IPNETWORKINTERFACE_MIXIN], {
        'occi.networkinterface.address': '192.168.0.1/24',
        'occi.networkinterface.gateway': '192.168.0.1/24',
      }),
    ).toEqual({});
    expect(
      check(NETWORKINTERFACE_KIND, [IPNETWORKINTERFACE_MIXIN], {
        'occi.networkinterface.address': 'fc00::/7',
      }),
    ).toEqual({});
  });
});

describe('Infrastructure: figures 8 and 9 (template object diagrams)', () => {
  it('figure 8: a provider OS template for Ubuntu 9.10 associates with a compute', async () => {
    const ubuntu = osTemplateCatalogue([{ term: 'ubuntu-9.10', title: 'Ubuntu Linux 9.10' }]);
    const p = createReferenceProvider({
      model: Model.create([infrastructure, ubuntu]),
      store: new MemoryStore(),
    });
    const vm = await p.create(
      { user: 'alice' },
      { kind: COMPUTE_KIND, mixins: ['http://occi.example/os_tpl#ubuntu-9.10'] },
    );
    expect(vm.mixins).toEqual(['http://occi.example/os_tpl#ubuntu-9.10']);
  });

  it('figure 9: a "small" resource template gives the compute its attribute values', async () => {
    const small = {
      name: 'sizes',
      mixins: [
        {
          scheme: 'http://occi.example/resource_tpl#',
          term: 'small',
          depends: [RESOURCE_TPL],
          applies: [COMPUTE_KIND],
          location: '/resource_tpl/small/',
          attributes: {
            'occi.compute.cores': { type: 'number' as const, default: 1 },
            'occi.compute.memory': { type: 'number' as const, default: 2 },
          },
        },
      ],
    };
    const p = createReferenceProvider({
      model: Model.create([infrastructure, small]),
      store: new MemoryStore(),
    });
    const vm = await p.create(
      { user: 'alice' },
      { kind: COMPUTE_KIND, mixins: ['http://occi.example/resource_tpl#small'] },
    );
    expect(vm.attributes).toMatchObject({ 'occi.compute.cores': 1, 'occi.compute.memory': 2 });
  });
});
