/**
 * The query interface (HTTP §7) at `/-/` and `/.well-known/org/ogf/occi/-/`:
 * discovery of kinds, mixins and actions, with an optional Category filter
 * (HTTP §6.1), and the definition and removal of user mixins.
 */
import type { Category, CategoryCollection, TypeIdentifier } from '@occi/core';
import { OcciError, typeIdentifier } from '@occi/core';
import type { Exchange } from './exchange.js';
import { methodNotAllowed } from './methods.js';

export const QUERY_INTERFACE_PATHS = ['/-/', '/.well-known/org/ogf/occi/-/'];
export const QUERY_INTERFACE_METHODS = ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'];

function collectionOf(categories: readonly Category[]): CategoryCollection {
  return {
    kinds: categories.filter((c) => c.class === 'kind'),
    mixins: categories.filter((c) => c.class === 'mixin'),
    actions: categories.filter((c) => c.class === 'action'),
  };
}

function requestCategories(x: Exchange, filter = false): Category[] {
  const rendering = filter ? x.filterRendering() : x.requestRendering(false);
  if (!rendering) return [];
  const c = rendering.parseCategories(x.payload, x.parseContext);
  return [...c.kinds, ...c.mixins, ...c.actions];
}

export async function queryInterface(x: Exchange): Promise<unknown> {
  switch (x.method) {
    case 'GET':
    case 'HEAD': {
      const filter = requestCategories(x, true);
      if (filter.length === 0) {
        // Discovery is rendered once per model (a model never changes; a new one is built when mixins change).
        const offer = x.negotiate('categories');
        return x.sendRendered(200, offer, x.model, () =>
          offer.rendering.renderCategories(collectionOf(x.model.categories()), x.renderContext),
        );
      }
      // HTTP §6.1: only the categories related to the given ones.
      const ids = new Set<TypeIdentifier>();
      for (const c of filter) for (const r of x.model.related(typeIdentifier(c))) ids.add(typeIdentifier(r));
      return x.renderCategories(
        200,
        collectionOf(x.model.categories().filter((c) => ids.has(typeIdentifier(c)))),
      );
    }
    case 'POST': {
      // HTTP §7.3: add user-defined mixins.
      const categories = requestCategories(x);
      const mixins = categories.filter((c) => c.class === 'mixin');
      const others = categories.filter((c) => c.class !== 'mixin');
      if (others.length > 0)
        throw new OcciError('bad-request', {
          code: 'wrong-category-class',
          message: `only mixins can be added through the query interface; ${typeIdentifier(others[0]!)} is a ${others[0]!.class}`,
          category: typeIdentifier(others[0]!),
        });
      if (mixins.length === 0)
        throw new OcciError('bad-request', {
          code: 'parse-error',
          message: 'the request names no mixin to add (a Category with class="mixin")',
        });
      // A collection location ends in "/" (HTTP §4); erocci and others send them without it.
      const located = mixins.map((m) =>
        m.location !== undefined && !m.location.endsWith('/') ? { ...m, location: `${m.location}/` } : m,
      );
      await x.provider.defineMixins(x.caller, located);
      x.model = await x.provider.model(x.caller);
      const created = mixins
        .map((m) => x.model.get(typeIdentifier(m)))
        .filter((c): c is Category => c !== undefined);
      return x.renderCategories(200, collectionOf(created));
    }
    case 'DELETE': {
      // HTTP §7.4: remove user-defined mixins.
      const ids = requestCategories(x).map(typeIdentifier);
      if (ids.length === 0)
        throw new OcciError('bad-request', {
          code: 'parse-error',
          message: 'the request names no mixin to remove (a Category with class="mixin")',
        });
      await x.provider.removeMixins(x.caller, ids);
      x.model = await x.provider.model(x.caller);
      return x.renderCategories(200, collectionOf([]));
    }
    default:
      return methodNotAllowed(x, QUERY_INTERFACE_METHODS);
  }
}
