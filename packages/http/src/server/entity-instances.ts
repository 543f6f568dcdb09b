/** Entity instances (HTTP §8): GET, PUT (create or replace), POST (partial update or action), DELETE. */
import type { Exchange } from './exchange.js';
import { methodNotAllowed } from './methods.js';
import { readPreconditions, writeConditions } from './preconditions.js';
import { actionInvocation, actionTerm } from './request-messages.js';

export const ENTITY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'];

export async function entityInstance(x: Exchange): Promise<unknown> {
  switch (x.method) {
    case 'GET':
    case 'HEAD': {
      x.negotiate('entity');
      const entity = await x.provider.get(x.caller, x.path);
      return readPreconditions(x, entity) ?? x.renderEntity(200, entity);
    }
    case 'PUT': {
      x.negotiate('entity');
      const draft = x.parseEntity();
      const { entity, created } = await x.provider.put(x.caller, x.path, draft, writeConditions(x));
      // HTTP §8.2: 201 with a location for a new entity, 200 with its rendering for a replaced one.
      if (created) x.reply.header('location', x.absolute(x.path));
      return x.renderEntity(created ? 201 : 200, entity);
    }
    case 'POST': {
      const term = actionTerm(x);
      if (term !== undefined) {
        // HTTP §8.4: trigger an action; 200 with the entity, or the categories the action created.
        // The response's rendering is settled first: a refused Accept (406, or 400 for text/uri-list) acts on nothing.
        x.negotiate('entity');
        const invocation = actionInvocation(x, term);
        const result = await x.provider.invoke(x.caller, { location: x.path }, invocation);
        if (result.categories.length > 0) {
          x.model = await x.provider.model(x.caller);
          return x.renderCategories(200, { kinds: [], mixins: result.categories, actions: [] });
        }
        return x.renderEntity(200, result.entities[0]!);
      }
      // HTTP §8.3.1: partial update.
      x.negotiate('entity');
      const draft = x.parseEntity();
      return x.renderEntity(200, await x.provider.update(x.caller, x.path, draft, writeConditions(x)));
    }
    case 'DELETE':
      x.negotiate('entity-collection');
      await x.provider.delete(x.caller, x.path, writeConditions(x));
      // HTTP §8.5: 200 (with an empty collection rendering, so that every response has a Content-Type).
      return x.renderCollection(200, []);
    default:
      return methodNotAllowed(x, ENTITY_METHODS);
  }
}
