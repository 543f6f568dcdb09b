import {
  checkAttributeValue,
  extensionDocument,
  LINK_KIND,
  Model,
  OcciError,
  RESOURCE_KIND,
  URI_PATTERN,
} from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  APP_TPL_MIXIN,
  APPLICATION_KIND,
  APPLICATION_START,
  APPLICATION_STOP,
  COMPONENT_KIND,
  COMPONENT_START,
  COMPONENT_STOP,
  COMPONENTLINK_KIND,
  createPlatform,
  DATABASE_MIXIN,
  DATABASELINK_MIXIN,
  databaseFlavour,
  PLATFORM_LOCATIONS,
  platform,
  RES_TPL_MIXIN,
} from '../src/index.js';

const model = Model.create([platform]);

const attributeTable = (id: string) =>
  Object.fromEntries(
    [...(model.get(id)?.attributes.values() ?? [])].map((a) => [
      a.name,
      { type: a.type, mutable: a.mutable, required: a.required },
    ]),
  );

describe('platform extension document', () => {
  it('declares GFD-R-P.227 and survives a JSON round trip', () => {
    expect(platform.specification).toBe('GFD-R-P.227');
    const document = extensionDocument(platform);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(() => Model.create([document])).not.toThrow();
  });

  it('binds every kind and mixin to the documented location', () => {
    expect(Object.fromEntries([...model.locations()].map(([l, c]) => [l, c.scheme + c.term]))).toMatchObject({
      [PLATFORM_LOCATIONS.application]: APPLICATION_KIND,
      [PLATFORM_LOCATIONS.component]: COMPONENT_KIND,
      [PLATFORM_LOCATIONS.componentlink]: COMPONENTLINK_KIND,
      [PLATFORM_LOCATIONS.app_tpl]: APP_TPL_MIXIN,
      [PLATFORM_LOCATIONS.res_tpl]: RES_TPL_MIXIN,
      [PLATFORM_LOCATIONS.database]: DATABASE_MIXIN,
      [PLATFORM_LOCATIONS.databaselink]: DATABASELINK_MIXIN,
    });
  });

  it('cannot be loaded twice', () => {
    expect(() => Model.create([platform, createPlatform()])).toThrow(OcciError);
  });
});

describe('Platform §3.1 Application', () => {
  it('is platform#application, a Resource, with start and stop', () => {
    const kind = model.kind(APPLICATION_KIND)!;
    expect(kind.scheme).toBe('http://schemas.ogf.org/occi/platform#');
    expect(kind.term).toBe('application');
    expect(kind.parent).toBe(RESOURCE_KIND);
    expect(kind.actions).toEqual([
      'http://schemas.ogf.org/occi/platform/application/action#start',
      'http://schemas.ogf.org/occi/platform/application/action#stop',
    ]);
  });

  it('has the attributes of table 1, states server-managed', () => {
    expect(attributeTable(APPLICATION_KIND)).toEqual({
      'occi.app.name': { type: 'string', mutable: true, required: true },
      'occi.app.context': { type: 'string', mutable: false, required: true },
      'occi.app.url': { type: 'string', mutable: false, required: true },
      // Server-managed (immutable) states are no client's to give: not required (Core §5.3.2, §5.2).
      'occi.app.state': { type: 'string', mutable: false, required: false },
      'occi.app.state.message': { type: 'string', mutable: false, required: false },
    });
    const attributes = model.kind(APPLICATION_KIND)!.attributes;
    expect(attributes.get('occi.app.state')!.pattern?.enum).toEqual(['active', 'inactive', 'error']);
    // A standard draft-04 pattern rather than a format: discovery compiles in any draft-04 validator.
    expect(attributes.get('occi.app.url')!.pattern).toEqual({ type: 'string', pattern: URI_PATTERN });
    expect(attributes.get('occi.app.context')!.pattern).toEqual({ type: 'string', pattern: URI_PATTERN });
    const url = attributes.get('occi.app.url')!;
    expect(checkAttributeValue(url, 'http://app.example.org/')).toBeUndefined();
    expect(checkAttributeValue(url, 'see http://app.example.org/')).toBe(
      '"see http://app.example.org/" is not a valid uri',
    );
  });

  it('has actions in the application action scheme (erratum 10)', () => {
    for (const id of [APPLICATION_START, APPLICATION_STOP]) {
      const action = model.action(id)!;
      expect(action.scheme).toBe('http://schemas.ogf.org/occi/platform/application/action#');
      expect(model.definersOf(id)).toEqual([APPLICATION_KIND]);
    }
  });
});

describe('Platform §3.2 Component', () => {
  it('is platform#component, a Resource, with actions in the component action scheme', () => {
    const kind = model.kind(COMPONENT_KIND)!;
    expect(kind.parent).toBe(RESOURCE_KIND);
    expect(kind.actions).toEqual([COMPONENT_START, COMPONENT_STOP]);
    expect(model.action(COMPONENT_START)!.scheme).toBe(
      'http://schemas.ogf.org/occi/platform/component/action#',
    );
    expect(model.action(COMPONENT_STOP)!.term).toBe('stop');
  });

  it('has the attributes of table 3', () => {
    expect(attributeTable(COMPONENT_KIND)).toEqual({
      'occi.component.state': { type: 'string', mutable: false, required: false },
      'occi.component.state.message': { type: 'string', mutable: false, required: false },
    });
  });
});

describe('Platform §3.3 ComponentLink', () => {
  it('is platform#componentlink, a Link, without attributes of its own', () => {
    const kind = model.kind(COMPONENTLINK_KIND)!;
    expect(kind.parent).toBe(LINK_KIND);
    expect(kind.attributes.size).toBe(0);
    expect(model.isLinkKind(COMPONENTLINK_KIND)).toBe(true);
  });
});

describe('Platform §3.4 templates', () => {
  it('defines app_tpl and res_tpl in the platform scheme, as template families', () => {
    expect(model.mixin(APP_TPL_MIXIN)!.title).toBe('Application Template');
    expect(model.mixin(RES_TPL_MIXIN)!.title).toBe('Resource Template');
    expect(model.templates).toEqual([
      { mixin: APP_TPL_MIXIN, exclusive: true, overrides: false },
      { mixin: RES_TPL_MIXIN, exclusive: true, overrides: true },
    ]);
  });

  it('recognises provider templates that depend on them', () => {
    const python = {
      scheme: 'http://paas.example/app_tpl#',
      term: 'python',
      depends: [APP_TPL_MIXIN],
      location: '/tpl/python/',
    };
    const m = Model.create([platform, { name: 'paas', mixins: [python] }]);
    expect(m.templateFamily('http://paas.example/app_tpl#python')?.mixin).toBe(APP_TPL_MIXIN);
  });
});

describe('Platform §4.1 Database and DatabaseLink mixins', () => {
  it('database applies to component with occi.database.version (table 5)', () => {
    const mixin = model.mixin(DATABASE_MIXIN)!;
    expect(mixin.applies).toEqual([COMPONENT_KIND]);
    expect(attributeTable(DATABASE_MIXIN)).toEqual({
      'occi.database.version': { type: 'string', mutable: false, required: true },
    });
    expect(model.applies(mixin, COMPONENT_KIND)).toBe(true);
    expect(model.applies(mixin, APPLICATION_KIND)).toBe(false);
  });

  it('databaselink applies to componentlink with uri, username and token (table 6)', () => {
    const mixin = model.mixin(DATABASELINK_MIXIN)!;
    expect(mixin.applies).toEqual([COMPONENTLINK_KIND]);
    expect(attributeTable(DATABASELINK_MIXIN)).toEqual({
      'occi.database.uri': { type: 'string', mutable: false, required: true },
      'occi.database.username': { type: 'string', mutable: false, required: false },
      'occi.database.token': { type: 'string', mutable: false, required: false },
    });
    expect(mixin.attributes.get('occi.database.uri')!.pattern).toEqual({
      type: 'string',
      pattern: URI_PATTERN,
    });
  });

  it('databaseFlavour gives the version a default under a provider scheme', () => {
    const postgres = databaseFlavour({
      scheme: 'http://paas.example/database#',
      term: 'postgresql16',
      version: '16.4',
      location: '/mixin/postgresql16/',
    });
    const m = Model.create([platform, { name: 'paas', mixins: [postgres] }]);
    const id = 'http://paas.example/database#postgresql16';
    expect(m.dependsOn(id, DATABASE_MIXIN)).toBe(true);
    expect(m.attributes(COMPONENT_KIND, [id]).get('occi.database.version')).toMatchObject({
      default: '16.4',
      mutable: false,
    });
  });
});
