/**
 * One request/response exchange: the caller, the model as the caller sees
 * it, the negotiated renderings, and the helpers every handler uses to
 * parse the request and render the response.
 */
import type {
  Caller,
  CategoryCollection,
  Entity,
  EntityDraft,
  Model,
  Payload,
  Provider,
  Rendering,
} from '@occi/core';
import { OcciError } from '@occi/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { occiHeaderBytes, occiHeaderText } from '../header-text.js';
import { mediaTypeOf, negotiate, type Offer } from '../negotiation.js';
import type { OcciPluginOptions } from './options.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';

export interface Settings
  extends Required<Pick<OcciPluginOptions, 'maxPageSize' | 'maxResponseHeaderBytes'>> {
  provider: Provider;
  offers: Offer[];
  renderings: readonly Rendering[];
  baseUrl?: string;
}

/**
 * Renderings kept with the object they render — a model's discovery
 * document, an entity the provider answers again while it is unchanged —
 * encoded once per media type and base URL (at most `RENDERINGS_KEPT` of
 * them: the base URL comes from the request's Host header).
 */
const renderedOf = new WeakMap<object, Map<string, Rendered>>();
const RENDERINGS_KEPT = 16;

/** A rendering as it goes on the wire: its header fields, its body encoded, the size of its header section. */
interface Rendered {
  payload: Payload;
  encoded: Buffer;
  headerBytes: number;
}

/**
 * The offer each Accept value chose, per settings and message kind: most
 * clients send the same few Accept values again and again (bounded: an
 * Accept value is the client's to choose).
 */
const negotiatedOf = new WeakMap<Settings, Map<string, Offer>>();
const NEGOTIATIONS_KEPT = 256;

/** The size of a header section: what GFD.229 §7 bounds for text/occi. */
const headerBytesOf = (headers: Payload['headers']): number =>
  Object.entries(headers).reduce(
    (n, [k, v]) => n + k.length + 4 + (Array.isArray(v) ? v.join(', ').length : (v?.length ?? 0)),
    0,
  );

/** A rendered payload with its OCCI header fields as they go on the wire (UTF-8 bytes, header-text.ts). */
const onWire = (payload: Payload): Payload => ({
  headers: occiHeaderBytes(payload.headers),
  body: payload.body,
});

/** The header fields a filter travels in (HTTP §6, GFD.229 §7), rOCCI's spelling of Category included. */
const FILTER_FIELDS = ['Category', 'X-OCCI-Category', 'X-OCCI-Attribute'];

const textError = (message: string): Payload => ({ headers: {}, body: `${message}\n` });

export class Exchange {
  readonly path: string;
  #query: URLSearchParams | undefined;
  #payload: Payload | undefined;
  readonly method: Method;
  readonly baseUrl: string;
  /** The response rendering, once negotiated. */
  offer: Offer | undefined;
  /**
   * The request header fields the response depends on (RFC 9110 §12.5.5):
   * Accept for every negotiated response; the header fields a filter
   * travels in (HTTP §6) where one is read.
   */
  readonly varies: string[] = ['Accept'];
  #negotiatedFor: string | undefined;

  constructor(
    readonly settings: Settings,
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
    public caller: Caller,
    public model: Model,
  ) {
    const url = request.raw.url ?? '/';
    const q = url.indexOf('?');
    this.path = q < 0 ? url : url.slice(0, q);
    this.method = request.method as Method;
    this.baseUrl = settings.baseUrl ?? `${request.protocol}://${request.host}`;
  }

  /** The query string's parameters (read on first use: most requests have none). */
  get query(): URLSearchParams {
    if (!this.#query) {
      const url = this.request.raw.url ?? '/';
      const q = url.indexOf('?');
      this.#query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    }
    return this.#query;
  }

  get provider(): Provider {
    return this.settings.provider;
  }

  /** Picks the response rendering among those that can render `kind` messages (HTTP §3, GFD.229 §8). */
  negotiate(kind: 'entity' | 'entity-collection' | 'categories'): Offer {
    if (this.offer?.rendering.renders.includes(kind) && this.#negotiatedFor === kind) return this.offer;
    const accept = this.request.headers.accept;
    let memo = negotiatedOf.get(this.settings);
    if (!memo) {
      memo = new Map();
      negotiatedOf.set(this.settings, memo);
    }
    const key = `${kind} ${accept ?? ''}`;
    let offer = memo.get(key);
    if (!offer) {
      offer = negotiate(accept, this.settings.offers, (o) => o.rendering.renders.includes(kind));
      if (offer) {
        if (memo.size >= NEGOTIATIONS_KEPT) memo.clear();
        memo.set(key, offer);
      }
    }
    if (offer) {
      this.offer = offer;
      this.#negotiatedFor = kind;
      return offer;
    }
    // GFD.229 §8: text/uri-list asked for anything but a listing is a bad request.
    const any = negotiate(accept, this.settings.offers);
    if (any && !any.rendering.renders.includes(kind)) {
      throw new OcciError('bad-request', {
        code: 'other',
        message: `${any.mediaType} can only render listings; ask for ${this.settings.offers
          .filter((o) => o.rendering.renders.includes(kind))
          .map((o) => o.mediaType)
          .join(', ')} instead`,
      });
    }
    throw new OcciError('not-acceptable', {
      code: 'other',
      message: `none of the media types in Accept (${accept}) is offered; this server renders ${this.settings.offers.map((o) => o.mediaType).join(', ')}`,
    });
  }

  /**
   * The rendering of the request payload (Content-Type), or undefined when
   * there is none; `message` is what the payload must be (an entity
   * collection may also come as text/uri-list); `linksAreOcci` false: a
   * Link header field alone does not make the request carry OCCI fields.
   */
  requestRendering(
    required: boolean,
    message: 'entity' | 'entity-collection' = 'entity',
    linksAreOcci = true,
  ): Rendering | undefined {
    const type = mediaTypeOf(this.request.headers['content-type']);
    const body = this.body;
    if (body.trim() === '') {
      // A text/occi request carries its rendering in headers, whatever Content-Type it names (or none).
      const inHeaders = this.settings.renderings.find((r) => r.inHeaders);
      if (inHeaders && hasOcciHeaders(this.request.headers, linksAreOcci)) return inHeaders;
    }
    if (type === undefined) {
      if (body.trim() === '') {
        if (!required) return undefined;
        throw new OcciError('bad-request', {
          code: 'parse-error',
          message: 'the request carries no OCCI rendering (no body, no Category header)',
        });
      }
      // HTTP §5.1: a client MUST name the media type of its payload; read an unlabelled body as text/plain.
      return (
        this.settings.offers.find((o) => o.mediaType === 'text/plain')?.rendering ??
        this.settings.offers[0]!.rendering
      );
    }
    const offer = this.settings.offers.find((o) => o.mediaType === type);
    if (!offer?.rendering.renders.includes(message)) {
      if (!required && body.trim() === '') return undefined;
      throw new OcciError('unsupported-media-type', {
        code: 'other',
        message: `request media type ${type} is not supported here; send one of ${this.settings.offers
          .filter((o) => o.rendering.renders.includes(message))
          .map((o) => o.mediaType)
          .join(', ')}`,
      });
    }
    return offer.rendering;
  }

  /**
   * The rendering of a filter (HTTP §6): OCCI header fields in the request
   * are read as text/occi whatever the Content-Type (the document puts
   * filters in headers); otherwise the body's rendering, if any.
   */
  filterRendering(): Rendering | undefined {
    // RFC 9110 §12.5.5: a listing depends on the filter's header fields too.
    if (this.method === 'GET' || this.method === 'HEAD')
      for (const name of FILTER_FIELDS) if (!this.varies.includes(name)) this.varies.push(name);
    const inHeaders = this.settings.renderings.find((r) => r.inHeaders);
    // A filter names categories and attributes; a Link field alone is a web link (RFC 8288), no filter.
    if (inHeaders && hasOcciHeaders(this.request.headers, false)) return inHeaders;
    return this.requestRendering(false, 'entity', false);
  }

  get body(): string {
    const body = this.request.body;
    return typeof body === 'string' ? body : '';
  }

  get payload(): Payload {
    this.#payload ??= { headers: occiHeaderText(this.request.headers), body: this.body };
    return this.#payload;
  }

  get parseContext() {
    return { model: this.model, baseUrl: this.baseUrl };
  }

  get renderContext() {
    return { model: this.model, baseUrl: this.baseUrl };
  }

  parseEntity(): EntityDraft {
    const rendering = this.requestRendering(true)!;
    return rendering.parseEntity(this.payload, this.parseContext);
  }

  /** Sends a rendered payload with the negotiated media type. */
  send(status: number, payload: Payload, offer = this.offer): FastifyReply {
    return this.#sendWire(status, onWire(payload), offer);
  }

  /**
   * Sends the rendering of `subject` in `offer`, rendered and encoded once
   * per subject (which must not change) and `variant` (what else the
   * rendering depends on); `listing`: a collection, whose JSON says its
   * charset (as the streamed collection does).
   */
  sendRendered(
    status: number,
    offer: Offer,
    subject: object,
    render: () => Payload,
    { variant = '', listing = false }: { variant?: string | undefined; listing?: boolean } = {},
  ): FastifyReply {
    let perSubject = renderedOf.get(subject);
    if (!perSubject) {
      perSubject = new Map();
      renderedOf.set(subject, perSubject);
    }
    const key = `${offer.mediaType} ${this.baseUrl} ${variant}`;
    let rendered = perSubject.get(key);
    if (!rendered) {
      const payload = onWire(render());
      rendered = { payload, encoded: Buffer.from(payload.body), headerBytes: headerBytesOf(payload.headers) };
      if (perSubject.size >= RENDERINGS_KEPT) perSubject.clear();
      perSubject.set(key, rendered);
    }
    return this.#sendWire(status, rendered.payload, offer, rendered, listing);
  }

  /** Sends a payload whose header fields are as they go on the wire; `rendered`: the same, measured and encoded. */
  #sendWire(
    status: number,
    payload: Payload,
    offer = this.offer,
    rendered?: Rendered,
    listing = false,
  ): FastifyReply {
    if (offer?.rendering.inHeaders) {
      const size = rendered?.headerBytes ?? headerBytesOf(payload.headers);
      // GFD.229 §7: header data MUST NOT be truncated; refuse instead, pointing to a way out.
      if (size > this.settings.maxResponseHeaderBytes) {
        throw new OcciError('not-acceptable', {
          code: 'other',
          message: `the text/occi rendering of this response needs ${size} bytes of header fields, more than the ${this.settings.maxResponseHeaderBytes} allowed; ask for text/plain or application/occi+json, or a smaller page (?page=1&number=N)`,
        });
      }
    }
    return this.#write(status, offer?.mediaType ?? 'text/plain', payload, rendered?.encoded, listing);
  }

  #write(
    status: number,
    mediaType: string,
    payload: Payload,
    encoded?: Buffer,
    listing = false,
  ): FastifyReply {
    this.setVary();
    // RFC 2046 §4.1.2: text/* is US-ASCII unless it says otherwise; a body with other characters says
    // UTF-8. A listing's JSON has always said its charset (fastify adds it to a JSON string body).
    const ascii = (encoded?.length ?? Buffer.byteLength(payload.body)) === payload.body.length;
    const charset = (!ascii && mediaType.startsWith('text/')) || (listing && mediaType.includes('json'));
    this.reply.code(status).header('content-type', charset ? `${mediaType}; charset=utf-8` : mediaType);
    for (const [name, value] of Object.entries(payload.headers))
      if (value !== undefined) this.reply.header(name, value);
    const body = encoded ?? payload.body;
    // RFC 9110 §9.3.2: HEAD answers the header fields of a GET, Content-Length included, without the content.
    if (this.method === 'HEAD')
      return this.reply.header('content-length', String(Buffer.byteLength(body))).send();
    return this.reply.send(body);
  }

  /**
   * RFC 9110 §12.5.5: a response chosen by content negotiation says which
   * request header fields chose it, so that a cache never hands one
   * client's rendering to another; names already there (e.g. Origin, set
   * for CORS) are kept.
   */
  setVary(): void {
    const current = this.reply.getHeader('vary');
    // The common case: no Vary yet, only Accept.
    if (current === undefined && this.varies.length === 1) {
      this.reply.header('vary', this.varies[0]!);
      return;
    }
    const names = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    if (names.includes('*')) return;
    const lower = new Set(names.map((n) => n.toLowerCase()));
    for (const n of this.varies) if (!lower.has(n.toLowerCase())) names.push(n);
    this.reply.header('vary', names.join(', '));
  }

  renderEntity(status: number, entity: Entity): FastifyReply {
    const offer = this.negotiate('entity');
    if (entity.version !== undefined) this.reply.header('etag', `"${entity.version}"`);
    return this.sendRendered(status, offer, entity, () =>
      offer.rendering.renderEntity(entity, this.renderContext),
    );
  }

  /**
   * A listing; `holds`: what the collection holds, when its place says (a
   * link kind's collection holds links). A page the provider answers again
   * (the same array: it keeps pages) is rendered once.
   */
  renderCollection(status: number, entities: Entity[], holds?: 'resources' | 'links'): FastifyReply {
    const offer = this.negotiate('entity-collection');
    const context = holds ? { ...this.renderContext, holds } : this.renderContext;
    return this.sendRendered(
      status,
      offer,
      entities,
      () => offer.rendering.renderEntityCollection(entities, context),
      { variant: holds, listing: true },
    );
  }

  renderCategories(status: number, categories: CategoryCollection): FastifyReply {
    const offer = this.negotiate('categories');
    return this.send(status, offer.rendering.renderCategories(categories, this.renderContext));
  }

  /** The absolute URL of a location (spec README erratum 11: Location headers are absolute). */
  absolute(location: string): string {
    return /^[a-z][a-z0-9+.-]*:/i.test(location) ? location : this.baseUrl + location;
  }

  /** Renders an error in the negotiated rendering, or text/plain when negotiation itself failed. */
  sendError(status: number, error: OcciError): FastifyReply {
    let offer = this.offer;
    if (!offer?.rendering.renders.includes('entity')) {
      const accept = this.request.headers.accept;
      offer =
        negotiate(accept, this.settings.offers, (o) => o.rendering.renders.includes('entity')) ?? undefined;
    }
    const message = { status, message: error.message, problems: error.problems };
    if (!offer) {
      this.setVary();
      this.reply.code(status).header('content-type', 'text/plain');
      return this.reply.send(textError(error.message).body);
    }
    return this.#write(
      status,
      offer.mediaType,
      onWire(offer.rendering.renderError(message, this.renderContext)),
    );
  }
}

/** OCCI header fields (GFD.229 §7), with the `X-OCCI-Category` / `X-OCCI-Link` spellings rOCCI sends. */
function hasOcciHeaders(headers: FastifyRequest['headers'], links = true): boolean {
  return (
    headers.category !== undefined ||
    headers['x-occi-category'] !== undefined ||
    headers['x-occi-attribute'] !== undefined ||
    headers['x-occi-location'] !== undefined ||
    (links && (headers.link !== undefined || headers['x-occi-link'] !== undefined))
  );
}
