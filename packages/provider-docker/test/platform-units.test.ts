/** The Platform pieces that need no engine: templates from labels and catalogues, URLs, states, the context file. */
import { typeIdentifier } from '@occi/core';
import { APP_TPL_MIXIN, DATABASE_MIXIN } from '@occi/platform';
import { describe, expect, it } from 'vitest';
import type { EngineImage } from '../src/os-templates.js';
import { contextFile, platformState } from '../src/platform-containers.js';
import { applicationUrl, checkUrlTemplate, probeHost, shortId } from '../src/platform-settings.js';
import { parsePlatformCatalogue, platformTemplates } from '../src/platform-templates.js';

const ID = 'urn:uuid:4f3c2b1a-0000-4000-8000-000000000000';

describe('platform templates', () => {
  const images: EngineImage[] = [
    {
      Id: 'sha256:aaaa',
      RepoTags: ['docker.io/library/shop:1.4'],
      Labels: { 'org.occi-ts.app.port': '8080', 'org.occi-ts.app.env': 'GREETING, bad-name' },
    },
    { Id: 'sha256:bbbb', RepoTags: ['docker.io/library/postgres:16'], Labels: null },
    { Id: 'sha256:cccc', RepoTags: ['localhost/broken:1'], Labels: { 'org.occi-ts.app.port': 'eighty' } },
  ];

  it('makes an app_tpl mixin of a labelled image, with its port and the variables it needs', () => {
    const { applications, databases } = platformTemplates(images, {});
    expect(applications.map((t) => typeIdentifier(t.mixin))).toEqual([
      'http://occi.example/docker/app_tpl#shop_1.4',
    ]);
    expect(databases).toEqual([]);
    const [shop] = applications;
    expect(shop?.mixin.depends).toEqual([APP_TPL_MIXIN]);
    expect(shop?.mixin.title).toBe('docker.io/library/shop:1.4');
    expect(shop?.mixin.attributes.get('org.occi-ts.app.port')?.default).toBe(8080);
    expect(shop?.mixin.attributes.get('org.occi-ts.app.env.GREETING')?.required).toBe(true);
    expect(shop?.env).toEqual(['GREETING']);
  });

  it('takes the catalogue first, for the images the engine has', () => {
    const catalogue = parsePlatformCatalogue({
      applications: [
        { image: 'shop:1.4', term: 'shop', title: 'Shop', port: 9000, env: { GREETING: { default: 'Hi' } } },
        { image: 'absent:1', port: 80 },
      ],
      databases: [
        {
          image: 'postgres:16',
          version: '16',
          port: 5432,
          uri: 'postgresql://{username}:{token}@{host}:{port}/{username}',
          grant: 'true',
          env: { POSTGRES_PASSWORD: '{secret}' },
        },
      ],
    });
    const { applications, databases } = platformTemplates(images, catalogue);
    expect(applications.map((t) => [t.mixin.term, t.port])).toEqual([
      ['shop', 9000],
      ['shop_1.4', 8080],
    ]);
    expect(applications[0]?.mixin.attributes.get('org.occi-ts.app.env.GREETING')).toMatchObject({
      required: false,
      default: 'Hi',
    });
    const [postgres] = databases;
    expect(postgres && typeIdentifier(postgres.mixin)).toBe(
      'http://occi.example/docker/database#postgres_16',
    );
    expect(postgres?.mixin.depends).toEqual([DATABASE_MIXIN]);
    expect(postgres?.mixin.attributes.get('occi.database.version')?.default).toBe('16');
    expect(postgres?.env).toEqual({ POSTGRES_PASSWORD: '{secret}' });
  });

  it.each([
    [[], 'catalogue: must be an object'],
    [{ apps: [] }, 'apps: unknown key'],
    [{ applications: [{ port: 80 }] }, 'applications[0].image: must be a non-empty string'],
    [{ applications: [{ image: 'a', port: 0 }] }, 'applications[0].port: must be a port number'],
    [{ applications: [{ image: 'a', port: 80, env: { 'A-B': {} } }] }, 'applications[0].env.A-B: is not'],
    [
      { databases: [{ image: 'a', version: '1', port: 1, uri: 'x://', grant: 'true' }] },
      'must contain {host}',
    ],
    [{ databases: [{ image: 'a', version: '1', port: 1, uri: 'x://{host}' }] }, 'databases[0].grant'],
  ])('refuses the catalogue %j, naming where', (json, message) => {
    expect(() => parsePlatformCatalogue(json)).toThrow(message);
  });
});

describe('application URLs', () => {
  it('fills the port and the name (a DNS label and 8 hex digits of the id)', () => {
    expect(shortId(ID)).toBe('4f3c2b1a');
    expect(applicationUrl('http://127.0.0.1:{port}/', { name: 'Shop', id: ID, port: 41000 })).toBe(
      'http://127.0.0.1:41000/',
    );
    expect(applicationUrl('https://{name}.apps.example/', { name: 'Café Olé!', id: ID, port: 1 })).toBe(
      'https://cafe-ole-4f3c2b1a.apps.example/',
    );
    expect(applicationUrl('https://{name}.apps.example/', { name: '!!!', id: ID, port: 1 })).toBe(
      'https://app-4f3c2b1a.apps.example/',
    );
  });

  it('refuses a template every application would share, or that is no http URL', () => {
    expect(() => checkUrlTemplate('https://apps.example/')).toThrow('neither {port} nor {name}');
    expect(() => checkUrlTemplate('ftp://{name}.apps.example/')).toThrow('not an http or https URL');
    expect(() => checkUrlTemplate('https://apps.example/{name}/')).not.toThrow();
  });

  it('checks the published port where the engine publishes it', () => {
    expect(probeHost('127.0.0.1', { origin: 'http://localhost', socketPath: '/run/podman.sock' })).toBe(
      '127.0.0.1',
    );
    expect(probeHost('0.0.0.0', { origin: 'http://localhost', socketPath: '/run/podman.sock' })).toBe(
      '127.0.0.1',
    );
    expect(probeHost('0.0.0.0', { origin: 'http://10.0.0.5:2375' })).toBe('10.0.0.5');
  });
});

describe('platform states of a container', () => {
  it('maps running, paused, stopped and failed containers', () => {
    expect(platformState({ Status: 'running', Running: true }, 'active', 'application')).toEqual({
      state: 'active',
    });
    expect(platformState({ Status: 'paused', Paused: true }, 'active', 'application').state).toBe('inactive');
    // Stopped by a stop (SIGTERM, SIGKILL) or exited cleanly: inactive.
    for (const code of [0, 137, 143])
      expect(platformState({ Status: 'exited', ExitCode: code }, 'active', 'component')).toEqual({
        state: 'inactive',
      });
    // Ended by itself with a failure while active: error, saying why.
    expect(platformState({ Status: 'exited', ExitCode: 3 }, 'active', 'application')).toEqual({
      state: 'error',
      message: "the application's process exited with code 3 (see the engine's logs of its container)",
    });
    // After OCCI stopped it, whatever its exit code: inactive.
    expect(platformState({ Status: 'exited', ExitCode: 1 }, 'inactive', 'application').state).toBe(
      'inactive',
    );
    expect(platformState({ Status: 'exited', OOMKilled: true }, 'active', 'component').message).toContain(
      'out of memory',
    );
  });
});

describe('the context file', () => {
  it('writes lines a shell can source, quoting the values', () => {
    expect(
      contextFile([
        ['OCCI_APP_NAME', "Bob's shop"],
        ['OCCI_COMPONENTS', 'backend db'],
      ]),
    ).toBe("OCCI_APP_NAME='Bob'\\''s shop'\nOCCI_COMPONENTS='backend db'\n");
  });
});
