/**
 * HTTP §7.3: a user mixin definition is idempotent for its owner. The same
 * definition posted again answers 200 and changes nothing (a compliance
 * test posts one twice); another definition of the same identifier answers
 * 409 naming what differs; another user's identifier stays taken.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeApp } from './harness.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});

const TAGS = 'http://example.com/tags#';
const BLUE = `blue; scheme="${TAGS}"; class="mixin"; title="Blue"; location="/tags/blue/"`;
const BLUE_JSON = {
  term: 'blue',
  scheme: TAGS,
  attributes: {},
  actions: [],
  depends: [],
  applies: [],
  title: 'Blue',
  location: '/tags/blue/',
};

type Sent = { headers: Record<string, string>; payload?: string };

/** The definition of blue in each rendering a client sends it in. */
const DEFINITIONS: Record<string, (category: string, json: object) => Sent> = {
  'text/plain': (category) => ({
    headers: { 'content-type': 'text/plain' },
    payload: `Category: ${category}\r\n`,
  }),
  'text/occi': (category) => ({ headers: { 'content-type': 'text/occi', category } }),
  'application/occi+json': (_category, json) => ({
    headers: { 'content-type': 'application/occi+json' },
    payload: JSON.stringify({ mixins: [json] }),
  }),
};

async function define(sent: Sent, accept: string, user = 'alice') {
  return app.inject({
    method: 'POST',
    url: '/-/',
    headers: { ...sent.headers, accept, 'x-test-user': user },
    ...(sent.payload !== undefined ? { payload: sent.payload } : {}),
  });
}

async function discovered(user = 'alice'): Promise<unknown[]> {
  const r = await app.inject({
    method: 'GET',
    url: '/-/',
    headers: { accept: 'application/occi+json', 'x-test-user': user },
  });
  return (JSON.parse(r.body) as { mixins: { scheme: string }[] }).mixins.filter((m) => m.scheme === TAGS);
}

describe('the same definition twice (HTTP §7.3): 200 both times, nothing changes', () => {
  it.each(Object.keys(DEFINITIONS))('sent in %s, answered in each rendering', async (type) => {
    const sent = DEFINITIONS[type]!(BLUE, {
      scheme: TAGS,
      term: 'blue',
      title: 'Blue',
      location: '/tags/blue/',
    });
    for (let i = 0; i < 2; i++) {
      const plain = await define(sent, 'text/plain');
      expect(plain.statusCode, plain.body).toBe(200);
      expect(plain.headers['content-type']).toBe('text/plain');
      expect(plain.body).toBe(`Category: ${BLUE}\r\n`);
      const occi = await define(sent, 'text/occi');
      expect(occi.statusCode).toBe(200);
      expect(occi.headers.category).toBe(BLUE);
      expect(occi.body).toBe('OK');
      const json = await define(sent, 'application/occi+json');
      expect(json.statusCode).toBe(200);
      expect(JSON.parse(json.body)).toEqual({ kinds: [], mixins: [BLUE_JSON], actions: [] });
    }
    expect(await discovered()).toEqual([BLUE_JSON]);
  });

  it('a definition without a location is the same as the one the provider gave a location (HTTP §4)', async () => {
    const bare = `tag; scheme="${TAGS}"; class="mixin"`;
    const first = await define(DEFINITIONS['text/plain']!(bare, {}), 'text/plain');
    expect(first.body).toBe(`Category: ${bare}; location="/tag/"\r\n`);
    const again = await define(
      DEFINITIONS['application/occi+json']!('', { scheme: TAGS, term: 'tag' }),
      'text/plain',
    );
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(`Category: ${bare}; location="/tag/"\r\n`);
  });
});

describe('another definition of the same identifier: 409 naming what differs', () => {
  const message = `you defined mixin ${TAGS}blue already, differently: title ("Blue" there, "Navy" here); location ("/tags/blue/" there, "/tags/navy/" here). Remove it first (DELETE /-/) to define it anew`;

  it.each(Object.keys(DEFINITIONS))('sent in %s', async (type) => {
    expect((await define(DEFINITIONS['text/plain']!(BLUE, {}), 'text/plain')).statusCode).toBe(200);
    const navy = DEFINITIONS[type]!(
      `blue; scheme="${TAGS}"; class="mixin"; title="Navy"; location="/tags/navy/"`,
      { scheme: TAGS, term: 'blue', title: 'Navy', location: '/tags/navy/' },
    );
    const plain = await define(navy, 'text/plain');
    expect(plain.statusCode).toBe(409);
    expect(plain.headers['content-type']).toBe('text/plain');
    expect(plain.body).toBe(`${message}\r\n`);
    const occi = await define(navy, 'text/occi');
    expect(occi.statusCode).toBe(409);
    expect(occi.headers['content-type']).toBe('text/occi');
    expect(occi.body).toBe(`${message}\r\n`);
    const json = await define(navy, 'application/occi+json');
    expect(json.statusCode).toBe(409);
    expect(JSON.parse(json.body)).toEqual({
      error: {
        status: 409,
        message,
        problems: [{ code: 'duplicate', message, category: `${TAGS}blue` }],
      },
    });
    expect(await discovered()).toEqual([BLUE_JSON]);
  });

  it('names an attribute defined differently (JSON carries its properties)', async () => {
    const json = (type: string) =>
      DEFINITIONS['application/occi+json']!('', {
        scheme: TAGS,
        term: 'rank',
        location: '/tags/rank/',
        attributes: { 'com.example.rank': { type, mutable: true, required: false } },
      });
    expect((await define(json('number'), 'application/occi+json')).statusCode).toBe(200);
    const r = await define(json('string'), 'text/plain');
    expect(r.statusCode).toBe(409);
    expect(r.body).toBe(
      `you defined mixin ${TAGS}rank already, differently: attribute com.example.rank type ("number" there, "string" here). Remove it first (DELETE /-/) to define it anew\r\n`,
    );
  });

  it("another user's identical definition is 409: the identifier is taken", async () => {
    expect((await define(DEFINITIONS['text/plain']!(BLUE, {}), 'text/plain')).statusCode).toBe(200);
    const r = await define(DEFINITIONS['text/plain']!(BLUE, {}), 'text/plain', 'bob');
    expect(r.statusCode).toBe(409);
    expect(r.body).toBe(`the mixin ${TAGS}blue or its location /tags/blue/ is taken\r\n`);
    expect(await discovered('bob')).toEqual([]);
  });
});
