/**
 * What every check gets: the wire, the run's options, the server's model
 * and renderings (asked once and kept), and the fixtures — the entities
 * and user mixins the run creates for itself and removes at the end.
 */
import { CORE, categoriesOf, Discovered } from './discovery.js';
import { Fixtures } from './fixtures.js';
import { RENDERINGS, type RenderingKey } from './messages.js';
import { skip } from './outcome.js';
import { contentType, type Wire, type WireResponse } from './wire.js';

export interface ProbeOptions {
  /** Discovery and reads only: checks that create or change anything skip. */
  readOnly: boolean;
  /** How long a state change (an action's target state) may take. */
  waitTimeoutMs: number;
  /** Run Compute `save`, which leaves an OS template behind (removed through the query interface when allowed). */
  allowSave: boolean;
  /** Names what the run creates: titles `occi-check-<runId>`. */
  runId: string;
  /** Set when the run is interrupted: waits stop, no new check starts. */
  signal: AbortSignal;
}

export class Probe {
  readonly fx: Fixtures;
  readonly #discovery = new Map<string, Promise<WireResponse>>();
  #model: Promise<Discovered> | undefined;
  readonly #memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly wire: Wire,
    readonly options: ProbeOptions,
  ) {
    this.fx = new Fixtures(this);
  }

  /** GET /-/ asking for one media type (HTTP §7.1), once per run. */
  discoveryResponse(type: string): Promise<WireResponse> {
    let p = this.#discovery.get(type);
    if (!p) {
      p = this.wire.send({ method: 'GET', path: '/-/', headers: { accept: type } });
      this.#discovery.set(type, p);
      p.catch(() => this.#discovery.delete(type));
    }
    return p;
  }

  /** Whether the server answers discovery in the rendering: 200 in that media type. */
  async offers(r: RenderingKey): Promise<boolean> {
    const response = await this.discoveryResponse(RENDERINGS[r].type);
    return response.status === 200 && contentType(response) === RENDERINGS[r].type;
  }

  /** Skips the check unless the server offers the rendering. */
  async needRendering(r: RenderingKey): Promise<void> {
    if (!(await this.offers(r))) skip(`the server does not offer ${RENDERINGS[r].type}`);
  }

  /** Whether the server lists a kind collection in text/uri-list (GFD.229 §8). */
  offersUriList(): Promise<boolean> {
    return this.once('offers:uri-list', async () => {
      const at = (await this.model()).kinds.find((k) => k.location)?.location;
      if (!at) return false;
      const response = await this.wire.send({
        method: 'GET',
        path: at,
        headers: { accept: 'text/uri-list' },
      });
      return response.status === 200 && contentType(response) === 'text/uri-list';
    });
  }

  /** Skips the check unless the server lists collections in text/uri-list. */
  async needUriList(): Promise<void> {
    if (!(await this.offersUriList())) skip('the server does not list collections in text/uri-list');
  }

  /** The renderings the server offers, JSON first (it carries the whole model). */
  async offered(): Promise<RenderingKey[]> {
    const out: RenderingKey[] = [];
    for (const r of ['json', 'plain', 'occi'] as const) if (await this.offers(r)) out.push(r);
    return out;
  }

  /** The rendering fixtures are written in: JSON when offered, else text/plain, else text/occi. */
  async rendering(): Promise<RenderingKey> {
    const offered = await this.offered();
    if (offered.length === 0) skip('the server answers discovery in none of the renderings');
    return offered[0]!;
  }

  /** The model, from the first rendering whose discovery can be read (JSON first). */
  model(): Promise<Discovered> {
    this.#model ??= (async () => {
      for (const r of ['json', 'plain', 'occi'] as const) {
        if (!(await this.offers(r))) continue;
        const cats = categoriesOf(await this.discoveryResponse(RENDERINGS[r].type), r);
        if (cats) return new Discovered(cats, r);
      }
      skip(
        'no discovery of the server could be read (GET /-/ in application/occi+json, text/plain, text/occi)',
      );
    })();
    return this.#model;
  }

  /** The model as JSON discovery gives it (types, defaults, applies); skips when JSON is not offered. */
  async typedModel(): Promise<Discovered> {
    const model = await this.model();
    if (!model.typed)
      skip(
        'attribute types, defaults and applies travel in JSON discovery only; the server does not offer application/occi+json',
      );
    return model;
  }

  /** Skips unless the model has the category. */
  async need(id: string, what?: string): Promise<Discovered> {
    const model = await this.model();
    if (!model.get(id)) skip(`the server offers no ${what ?? id}`);
    return model;
  }

  /** Skips with `--read-only`. */
  needWrites(): void {
    if (this.options.readOnly) skip('--read-only: this check creates or changes entities of its own');
  }

  /** Whether the server offers any category of a scheme under `base` (e.g. Platform's). */
  async offersScheme(base: string): Promise<boolean> {
    return (await this.model()).all.some((c) => c.scheme.startsWith(base) || c.id.startsWith(base));
  }

  /** Runs `f` once per run and key; later calls get the same outcome. */
  once<T>(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = f();
      this.#memo.set(key, p);
      p.catch(() => undefined);
    }
    return p;
  }

  /** Sleeps, or rejects with a skip when the run is interrupted. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.options.signal.aborted) return reject(new Error('interrupted'));
      const timer = setTimeout(() => {
        this.options.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('interrupted'));
      };
      this.options.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export { CORE };
