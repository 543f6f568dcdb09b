import {
  CIDR_PATTERN,
  checkAttributeValue,
  extensionDocument,
  IP_ADDRESS_PATTERN,
  IP_OR_CIDR_PATTERN,
  MAC_ADDRESS_PATTERN,
  Model,
  patternProblem,
  typeIdentifier,
} from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  COMPUTE_KIND,
  COMPUTE_SAVE_ACTION,
  COMPUTE_STOP_ACTION,
  createInfrastructure,
  IPNETWORK_MIXIN,
  IPNETWORKINTERFACE_MIXIN,
  infrastructure,
  NETWORK_KIND,
  NETWORKINTERFACE_KIND,
  OS_TPL,
  osTemplates,
  RESOURCE_TPL,
  SSH_KEY_MIXIN,
  STORAGE_KIND,
  STORAGELINK_KIND,
  USER_DATA_MIXIN,
} from '../src/index.js';
import { ACTION_TABLES, ATTRIBUTE_TABLES, KINDS, MIXINS } from './fixtures/infrastructure-tables.js';

const model = Model.create([infrastructure]);

const attributeOf = (category: string, name: string) => {
  const a = model.get(category)?.attributes.get(name);
  if (!a) throw new Error(`${category} defines no ${name}`);
  return a;
};

describe('loading', () => {
  it('loads alone and with the default OS template catalogue', () => {
    expect(Model.create([infrastructure]).kinds()).toHaveLength(8);
    const withCatalogue = Model.create([infrastructure, osTemplates]);
    expect(withCatalogue.mixins()).toHaveLength(9);
  });

  it('claims GFD-R-P.224 and is plain JSON apart from behaviours', () => {
    expect(infrastructure.specification).toBe('GFD-R-P.224');
    expect(infrastructure.name).toBe('infrastructure');
    const doc = extensionDocument(infrastructure);
    expect(doc).not.toHaveProperty('behaviours');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('exports type identifiers that are the document scheme + term', () => {
    expect(COMPUTE_KIND).toBe('http://schemas.ogf.org/occi/infrastructure#compute');
    expect(STORAGE_KIND).toBe('http://schemas.ogf.org/occi/infrastructure#storage');
    expect(NETWORK_KIND).toBe('http://schemas.ogf.org/occi/infrastructure#network');
    expect(NETWORKINTERFACE_KIND).toBe('http://schemas.ogf.org/occi/infrastructure#networkinterface');
    expect(STORAGELINK_KIND).toBe('http://schemas.ogf.org/occi/infrastructure#storagelink');
    expect(IPNETWORK_MIXIN).toBe('http://schemas.ogf.org/occi/infrastructure/network#ipnetwork');
    expect(IPNETWORKINTERFACE_MIXIN).toBe(
      'http://schemas.ogf.org/occi/infrastructure/networkinterface#ipnetworkinterface',
    );
    expect(OS_TPL).toBe('http://schemas.ogf.org/occi/infrastructure#os_tpl');
    expect(RESOURCE_TPL).toBe('http://schemas.ogf.org/occi/infrastructure#resource_tpl');
    expect(SSH_KEY_MIXIN).toBe('http://schemas.ogf.org/occi/infrastructure/credentials#ssh_key');
    expect(USER_DATA_MIXIN).toBe('http://schemas.ogf.org/occi/infrastructure/compute#user_data');
    expect(COMPUTE_STOP_ACTION).toBe('http://schemas.ogf.org/occi/infrastructure/compute/action#stop');
  });
});

describe('Table 1: kinds', () => {
  it.each(KINDS)('$term has the scheme, title and parent of table 1', (row) => {
    const kind = model.kind(row.scheme + row.term);
    expect(kind).toBeDefined();
    expect(kind?.title).toBe(row.title);
    expect(kind?.parent).toBe(row.parent);
  });

  it('binds every kind to its collection', () => {
    expect(Object.fromEntries(KINDS.map((k) => [k.term, model.kind(k.scheme + k.term)?.location]))).toEqual({
      compute: '/compute/',
      storage: '/storage/',
      storagelink: '/storagelink/',
      network: '/network/',
      networkinterface: '/networkinterface/',
    });
  });

  it('makes resources of compute, storage, network and links of the two link kinds', () => {
    for (const id of [COMPUTE_KIND, STORAGE_KIND, NETWORK_KIND]) expect(model.isResourceKind(id)).toBe(true);
    for (const id of [NETWORKINTERFACE_KIND, STORAGELINK_KIND]) expect(model.isLinkKind(id)).toBe(true);
  });
});

/** Multiplicity 1 and mutable, but filled by the server when the client gives none (initialise). */
const SERVER_FILLED = new Set(['occi.networkinterface.mac', 'occi.storagelink.deviceid']);

describe('attribute tables', () => {
  for (const table of ATTRIBUTE_TABLES) {
    describe(table.title, () => {
      it('defines exactly the attributes of the table, in order', () => {
        expect([...(model.get(table.id)?.attributes.keys() ?? [])]).toEqual(table.rows.map((r) => r.name));
      });
      it.each(table.rows)('$name: multiplicity $multiplicity, $mutability, $type', (row) => {
        const a = attributeOf(table.id, row.name);
        // Core §5.3.2: required means the client MUST give a value at creation. Immutable attributes are the
        // server's (Core §5.2), and the server fills a MAC and a device id the client leaves out.
        expect(a.required).toBe(
          row.multiplicity === '1' && row.mutability === 'Mutable' && !SERVER_FILLED.has(row.name),
        );
        expect(a.mutable).toBe(row.mutability === 'Mutable');
        expect(a.description).toBe(row.description);
        switch (row.type) {
          case 'Integer':
            expect(a.type).toBe('number');
            expect(a.pattern?.type).toBe('integer');
            expect(checkAttributeValue(a, 2.5)).toMatch(/integer/);
            break;
          case 'Float':
            expect(a.type).toBe('number');
            expect(checkAttributeValue(a, 2.5)).toBeUndefined();
            expect(checkAttributeValue(a, '2.5')).toMatch(/expected number/);
            break;
          case 'Enum':
            expect(a.type).toBe('string');
            expect(a.pattern?.enum).toEqual(row.enum);
            for (const v of row.enum ?? []) expect(checkAttributeValue(a, v)).toBeUndefined();
            expect(checkAttributeValue(a, 'bogus')).toMatch(/is not one of/);
            break;
          case 'CIDR':
            // A standard draft-04 keyword (pattern), not a format of our own: discovery compiles in any draft-04 validator.
            expect(a.pattern).toEqual({ type: 'string', pattern: CIDR_PATTERN });
            break;
          case 'Address':
            expect([IP_ADDRESS_PATTERN, IP_OR_CIDR_PATTERN]).toContain(a.pattern?.pattern);
            expect(a.pattern?.format).toBeUndefined();
            expect(checkAttributeValue(a, '192.168.0.1')).toBeUndefined();
            expect(checkAttributeValue(a, 'fc00::')).toBeUndefined();
            expect(checkAttributeValue(a, 'not-an-address')).toMatch(/is not a valid/);
            break;
          default:
            expect(a.type).toBe('string');
        }
      });
    });
  }

  it('gives the states the initial state as default', () => {
    expect(attributeOf(COMPUTE_KIND, 'occi.compute.state').default).toBe('inactive');
    expect(attributeOf(STORAGE_KIND, 'occi.storage.state').default).toBe('offline');
    expect(attributeOf(NETWORK_KIND, 'occi.network.state').default).toBe('inactive');
    expect(attributeOf(NETWORKINTERFACE_KIND, 'occi.networkinterface.state').default).toBe('inactive');
    expect(attributeOf(STORAGELINK_KIND, 'occi.storagelink.state').default).toBe('inactive');
  });

  it('bounds the VLAN to 0–4095 integers', () => {
    const vlan = attributeOf(NETWORK_KIND, 'occi.network.vlan');
    expect(checkAttributeValue(vlan, 0)).toBeUndefined();
    expect(checkAttributeValue(vlan, 343)).toBeUndefined();
    expect(checkAttributeValue(vlan, 4095)).toBeUndefined();
    expect(checkAttributeValue(vlan, 4096)).toBe('4096 is above the maximum 4095');
    expect(checkAttributeValue(vlan, -1)).toBe('-1 is below the minimum 0');
    expect(checkAttributeValue(vlan, 3.5)).toBe('expected an integer, got 3.5');
  });

  it('checks MAC addresses and CIDR ranges by anchored patterns, tokens and hostnames as the document does', () => {
    const mac = attributeOf(NETWORKINTERFACE_KIND, 'occi.networkinterface.mac');
    expect(mac.pattern).toEqual({ type: 'string', pattern: MAC_ADDRESS_PATTERN });
    expect(checkAttributeValue(mac, '00:80:41:ae:fd:7e')).toBeUndefined();
    expect(checkAttributeValue(mac, '00:80:41:ae:fd')).toBe('"00:80:41:ae:fd" is not a valid mac');
    expect(checkAttributeValue(mac, 'x00:80:41:ae:fd:7e')).toBe('"x00:80:41:ae:fd:7e" is not a valid mac');
    // JSON §3.5.1: patterns are draft-04, matched anywhere in the string: "\S+" asks for one
    // character that is not white space, as the document's hostname pattern does.
    const label = attributeOf(NETWORK_KIND, 'occi.network.label');
    expect(label.pattern).toEqual({ type: 'string', pattern: '\\S+' });
    expect(checkAttributeValue(label, 'external-dmz')).toBeUndefined();
    expect(checkAttributeValue(label, 'external dmz')).toBeUndefined();
    expect(checkAttributeValue(label, ' \t')).toBe('" \\t" does not match \\S+');
    const hostname = attributeOf(COMPUTE_KIND, 'occi.compute.hostname');
    expect(hostname.pattern).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'string',
      pattern: '\\S+',
    });
    expect(checkAttributeValue(hostname, 'vm1.example.org')).toBeUndefined();
    expect(checkAttributeValue(hostname, 'my host')).toBeUndefined();
    expect(checkAttributeValue(hostname, ' vm1')).toBeUndefined();
    expect(checkAttributeValue(hostname, '')).toBe('"" does not match \\S+');
    expect(checkAttributeValue(hostname, '   ')).toBe('"   " does not match \\S+');
    const address = attributeOf(IPNETWORK_MIXIN, 'occi.network.address');
    expect(checkAttributeValue(address, '192.168.0.1/24')).toBeUndefined();
    expect(checkAttributeValue(address, 'fc00::/7')).toBeUndefined();
    expect(checkAttributeValue(address, '192.168.0.1')).toBe('"192.168.0.1" is not a valid cidr');
    expect(checkAttributeValue(address, 'net 192.168.0.0/24')).toBe(
      '"net 192.168.0.0/24" is not a valid cidr',
    );
    const gateway = attributeOf(IPNETWORK_MIXIN, 'occi.network.gateway');
    expect(checkAttributeValue(gateway, '192.168.0.1/24')).toBe('"192.168.0.1/24" is not a valid ip');
    expect(checkAttributeValue(gateway, 'fc00::1')).toBeUndefined();
    const ifAddress = attributeOf(IPNETWORKINTERFACE_MIXIN, 'occi.networkinterface.address');
    expect(checkAttributeValue(ifAddress, '192.168.0.1/24')).toBeUndefined();
    expect(checkAttributeValue(ifAddress, 'fc00::/7')).toBeUndefined();
  });

  it('rejects non-positive cores and negative sizes', () => {
    expect(checkAttributeValue(attributeOf(COMPUTE_KIND, 'occi.compute.cores'), 0)).toMatch(/minimum 1/);
    expect(checkAttributeValue(attributeOf(COMPUTE_KIND, 'occi.compute.memory'), -1)).toMatch(/minimum 0/);
    expect(checkAttributeValue(attributeOf(STORAGE_KIND, 'occi.storage.size'), -0.5)).toMatch(/minimum 0/);
  });
});

describe('patterns in discovery (JSON §3.5.1: draft-04 JSON Schemas)', () => {
  const patterns = [...model.kinds(), ...model.mixins(), ...model.actions()].flatMap((c) =>
    [...c.attributes.values()].flatMap((a) => (a.pattern ? [[a.name, a.pattern] as const] : [])),
  );

  it('use only keywords core enforces, and no format: any draft-04 validator compiles them as they are', () => {
    expect(patterns.length).toBeGreaterThan(10);
    for (const [name, pattern] of patterns) {
      expect(patternProblem(pattern), name).toBeUndefined();
      expect(pattern.format, name).toBeUndefined();
    }
  });

  it('anchor the regular expressions of addresses, since draft-04 patterns match anywhere; "\\S+" as the document prints it', () => {
    const regexes = patterns.filter(([, p]) => p.pattern !== undefined);
    expect(regexes.map(([name]) => name).sort()).toEqual([
      'occi.compute.hostname',
      'occi.network.address',
      'occi.network.gateway',
      'occi.network.label',
      'occi.networkinterface.address',
      'occi.networkinterface.gateway',
      'occi.networkinterface.mac',
    ]);
    for (const [name, p] of regexes)
      if (name === 'occi.compute.hostname' || name === 'occi.network.label')
        expect(p.pattern, name).toBe('\\S+');
      else expect(p.pattern, name).toMatch(/^\^.*\$$/);
  });
});

describe('action tables', () => {
  for (const table of ACTION_TABLES) {
    it(`${table.kind} defines exactly the actions of its table`, () => {
      expect(model.kind(table.kind)?.actions).toEqual(table.actions.map((a) => table.scheme + a.term));
    });
    for (const row of table.actions) {
      it(`${row.term} (${table.scheme}) has the parameters of the table`, () => {
        const action = model.action(table.scheme + row.term);
        expect(action).toBeDefined();
        expect(action?.title).toMatch(/\S/);
        expect([...(action?.attributes.keys() ?? [])]).toEqual(Object.keys(row.parameters));
        for (const [name, values] of Object.entries(row.parameters)) {
          const p = action!.attributes.get(name)!;
          expect(p.mutable).toBe(true);
          expect(p.required).toBe(false);
          expect(p.type).toBe('string');
          if (Array.isArray(values)) {
            expect(p.pattern?.enum).toEqual(values);
            expect(checkAttributeValue(p, 'bogus')).toMatch(/is not one of/);
          }
        }
      });
    }
  }

  it('defines no actions on the link kinds (1.2 has none; erratum 6)', () => {
    expect(model.kind(NETWORKINTERFACE_KIND)?.actions).toEqual([]);
    expect(model.kind(STORAGELINK_KIND)?.actions).toEqual([]);
    expect(
      model.action('http://schemas.ogf.org/occi/infrastructure/networkinterface/action#up'),
    ).toBeUndefined();
  });

  it('stops with poweroff unless told otherwise (the JSON rendering example default)', () => {
    expect(model.action(COMPUTE_STOP_ACTION)?.attributes.get('method')?.default).toBe('poweroff');
    expect(model.action(COMPUTE_SAVE_ACTION)?.attributes.get('name')?.type).toBe('string');
  });
});

describe('mixins', () => {
  it.each(MIXINS)('$term: scheme, applies, depends, location', (row) => {
    const mixin = model.mixin(row.scheme + row.term);
    expect(mixin).toBeDefined();
    expect(mixin?.applies).toEqual(row.applies);
    expect(mixin?.depends).toEqual(row.depends);
    expect(mixin?.location).toMatch(/^\/.+\/$/);
    expect(mixin?.title).toMatch(/\S/);
  });

  it('binds the mixins to the documented locations', () => {
    expect(Object.fromEntries(model.mixins().map((m) => [m.term, m.location]))).toEqual({
      ipnetwork: '/mixin/ipnetwork/',
      ipnetworkinterface: '/mixin/ipnetworkinterface/',
      os_tpl: '/os_tpl/',
      resource_tpl: '/resource_tpl/',
      ssh_key: '/mixin/ssh_key/',
      user_data: '/mixin/user_data/',
    });
  });

  it('refuses the mixins on kinds they do not apply to', () => {
    expect(model.applies(model.mixin(IPNETWORK_MIXIN)!, NETWORK_KIND)).toBe(true);
    expect(model.applies(model.mixin(IPNETWORK_MIXIN)!, COMPUTE_KIND)).toBe(false);
    expect(model.applies(model.mixin(IPNETWORKINTERFACE_MIXIN)!, STORAGELINK_KIND)).toBe(false);
    expect(model.applies(model.mixin(SSH_KEY_MIXIN)!, STORAGE_KIND)).toBe(false);
    expect(model.applies(model.mixin(USER_DATA_MIXIN)!, NETWORK_KIND)).toBe(false);
  });

  it('exposes the IP attributes on a network with the ipnetwork mixin', () => {
    expect([...model.attributes(NETWORK_KIND, [IPNETWORK_MIXIN]).keys()]).toEqual([
      'occi.core.id',
      'occi.core.title',
      'occi.core.summary',
      'occi.network.vlan',
      'occi.network.label',
      'occi.network.state',
      'occi.network.state.message',
      'occi.network.address',
      'occi.network.gateway',
      'occi.network.allocation',
    ]);
  });
});

describe('templates', () => {
  it('declares os_tpl exclusive and resource_tpl exclusive and overriding (§3.5)', () => {
    expect(infrastructure.templates).toEqual([
      { mixin: OS_TPL, exclusive: true, overrides: false },
      { mixin: RESOURCE_TPL, exclusive: true, overrides: true },
    ]);
  });

  it('puts provider OS templates in the os_tpl family', () => {
    const m = Model.create([infrastructure, osTemplates]);
    expect(m.templateFamily('http://occi.example/os_tpl#debian-12')?.mixin).toBe(OS_TPL);
    expect(m.templateFamily(OS_TPL)).toBeUndefined();
  });
});

describe('createInfrastructure', () => {
  it('takes another scheme and location for saved OS templates', () => {
    const ext = createInfrastructure({
      savedTemplateScheme: 'https://cloud.example.org/images#',
      savedTemplateLocation: '/images/',
    });
    expect(Model.create([ext]).kind(COMPUTE_KIND)).toBeDefined();
  });

  it('refuses a reserved scheme, a scheme without "#" and a relative location', () => {
    expect(() => createInfrastructure({ savedTemplateScheme: 'http://schemas.ogf.org/occi/mine#' })).toThrow(
      /reserved for the OCCI documents/,
    );
    expect(() => createInfrastructure({ savedTemplateScheme: 'http://example.org/images' })).toThrow(
      /must be a URI ending in "#"/,
    );
    try {
      createInfrastructure({ savedTemplateLocation: 'images/' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'OcciError', kind: 'bad-request', code: 'invalid-location' });
    }
  });

  it('keeps every type identifier unique', () => {
    const ids = [
      ...(infrastructure.kinds ?? []),
      ...(infrastructure.mixins ?? []),
      ...(infrastructure.actions ?? []),
    ].map(typeIdentifier);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(5 + 6 + 9);
  });
});
