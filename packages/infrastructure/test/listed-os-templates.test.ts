import { type Entity, type Mixin, Model, mixinFromDefinition, OcciError, typeIdentifier } from '@occi/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  COMPUTE_KIND,
  infrastructure,
  ListedOsTemplates,
  OS_TPL,
  type OsTemplateListing,
  osTemplates,
} from '../src/index.js';

const SCHEME = 'http://backend.example/image#';
const IMAGE = 'org.example.image';

interface Image {
  readonly mixin: Mixin;
  readonly file: string;
}

const image = (file: string): Image => ({
  file,
  mixin: mixinFromDefinition({
    scheme: SCHEME,
    term: file.replace(/\.\w+$/, ''),
    title: file,
    depends: [OS_TPL],
    applies: [COMPUTE_KIND],
    location: `/os_tpl/backend/${file.replace(/\.\w+$/, '')}/`,
  }),
});

/** A backend whose image files the test sets, which can be made unreachable, and counts its listings. */
class Backend extends ListedOsTemplates<Image> {
  files: string[] = [];
  down = false;
  broken = false;
  listings = 0;
  /** Set to hold the next listings until `release()`. */
  gate: Promise<void> | undefined;
  refreshAfter = 1000;

  constructor() {
    super(IMAGE, { templates: [], key: '' });
  }

  protected refreshMs(): number {
    return this.refreshAfter;
  }

  protected async list(): Promise<OsTemplateListing<Image>> {
    this.listings++;
    await this.gate;
    if (this.broken) throw new TypeError('broken');
    if (this.down)
      throw new OcciError('unavailable', { code: 'other', message: 'the backend does not answer' });
    const templates = [...this.files].sort().map(image);
    return { templates, key: JSON.stringify(templates.map((t) => t.file)) };
  }

  protected imageName(template: Image): string {
    return template.file;
  }

  protected missingDefault(defaultImage: string | undefined): Error {
    return new Error(`no default image ${defaultImage}`);
  }

  setDefault(file: string): void {
    this.useDefault(file);
  }
}

let backend: Backend;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(0);
  backend = new Backend();
  backend.files = ['debian.qcow2', 'alpine.img'];
});
afterEach(() => {
  vi.useRealTimers();
});

const ids = (mixins: readonly Mixin[]) => mixins.map((m) => typeIdentifier(m));

describe('refresh', () => {
  it('lists the images once, then again only when the list is older than refreshMs or when asked `now`', async () => {
    expect(backend.mixins()).toEqual([]);
    vi.setSystemTime(5000);
    await backend.refresh();
    expect(backend.listings).toBe(1);
    expect(ids(backend.mixins())).toEqual([`${SCHEME}alpine`, `${SCHEME}debian`]);
    expect(backend.templates.map((t) => t.file)).toEqual(['alpine.img', 'debian.qcow2']);

    vi.setSystemTime(5999);
    await backend.refresh();
    expect(backend.listings).toBe(1);
    await backend.refresh(true);
    expect(backend.listings).toBe(2);
    vi.setSystemTime(6998);
    await backend.refresh();
    expect(backend.listings).toBe(2);
    vi.setSystemTime(6999);
    backend.files.push('ubuntu.qcow2');
    await backend.refresh();
    expect(backend.listings).toBe(3);
    expect(ids(backend.mixins())).toEqual([`${SCHEME}alpine`, `${SCHEME}debian`, `${SCHEME}ubuntu`]);
  });

  it('shares one listing between concurrent callers', async () => {
    let release = () => {};
    backend.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const callers = [backend.refresh(), backend.refresh(), backend.refresh(true)];
    release();
    await Promise.all(callers);
    expect(backend.listings).toBe(1);
    expect(backend.templates).toHaveLength(2);
    await backend.refresh(true);
    expect(backend.listings).toBe(2);
  });

  it('keeps the same arrays while the key is unchanged, and new ones when it changes', async () => {
    await backend.refresh(true);
    const mixins = backend.mixins();
    const templates = backend.templates;
    await backend.refresh(true);
    expect(backend.mixins()).toBe(mixins);
    expect(backend.templates).toBe(templates);
    backend.files = ['alpine.img'];
    await backend.refresh(true);
    expect(backend.mixins()).not.toBe(mixins);
    expect(ids(backend.mixins())).toEqual([`${SCHEME}alpine`]);
  });

  it('keeps the old list while the backend is down, but a refresh `now` throws its error', async () => {
    await backend.refresh(true);
    const mixins = backend.mixins();
    backend.down = true;
    vi.setSystemTime(10_000);
    await expect(backend.refresh()).resolves.toBeUndefined();
    expect(backend.mixins()).toBe(mixins);
    await expect(backend.refresh(true)).rejects.toThrow('the backend does not answer');
    expect(backend.mixins()).toBe(mixins);
    // A failed listing leaves the list stale: the next refresh lists again.
    const before = backend.listings;
    await backend.refresh();
    expect(backend.listings).toBe(before + 1);
  });

  it('passes on an error that is no OcciError even when not asked `now` (a bug, not an unreachable backend)', async () => {
    vi.setSystemTime(5000);
    backend.broken = true;
    await expect(backend.refresh()).rejects.toThrow(TypeError);
  });
});

describe('templates of entities', () => {
  const compute = (mixins: string[] = []): Entity => ({
    id: 'urn:uuid:1',
    kind: COMPUTE_KIND,
    mixins,
    attributes: {},
  });
  let model: Model;
  beforeEach(async () => {
    await backend.refresh(true);
    model = Model.create([infrastructure, osTemplates]).withMixins(backend.mixins());
  });

  it('templateOf finds the listed template among the mixins', () => {
    expect(backend.templateOf({ mixins: ['http://example.com/x#y', `${SCHEME}debian`] })?.file).toBe(
      'debian.qcow2',
    );
    expect(backend.templateOf({ mixins: ['http://occi.example/os_tpl#debian-12'] })).toBeUndefined();
    expect(backend.templateOf({})).toBeUndefined();
  });

  it('foreignTemplates names the OS templates that are none of the listed images', () => {
    const entity = compute([
      `${SCHEME}alpine`,
      'http://occi.example/os_tpl#debian-12',
      OS_TPL,
      'http://schemas.ogf.org/occi/infrastructure#resource_tpl',
    ]);
    expect(backend.foreignTemplates(model, entity)).toEqual(['http://occi.example/os_tpl#debian-12']);
    expect(backend.foreignTemplates(model, compute([`${SCHEME}alpine`]))).toEqual([]);
  });

  it('withDefault gives a compute that names no OS template the default one and its image attribute', () => {
    backend.setDefault('debian.qcow2');
    expect(backend.defaultImage).toBe('debian.qcow2');
    const entity = compute(['http://schemas.ogf.org/occi/infrastructure#resource_tpl']);
    backend.withDefault(model, entity);
    expect(entity.mixins).toEqual([
      'http://schemas.ogf.org/occi/infrastructure#resource_tpl',
      `${SCHEME}debian`,
    ]);
    expect(entity.attributes).toEqual({ [IMAGE]: 'debian.qcow2' });
  });

  it('withDefault leaves a compute naming an OS template alone, even one of another catalogue', () => {
    for (const named of [`${SCHEME}alpine`, 'http://occi.example/os_tpl#debian-12']) {
      const entity = compute([named]);
      backend.withDefault(model, entity);
      expect(entity).toEqual(compute([named]));
    }
  });

  it('withDefault throws the backend’s error when there is no default, or it is no longer listed', async () => {
    expect(() => backend.withDefault(model, compute())).toThrow('no default image undefined');
    backend.setDefault('debian.qcow2');
    backend.files = ['alpine.img'];
    await backend.refresh(true);
    const entity = compute();
    expect(() => backend.withDefault(model, entity)).toThrow('no default image debian.qcow2');
    expect(entity).toEqual(compute());
  });
});
