/**
 * The query interface (HTTP §7) at `/-/` and at its well-known location
 * `/.well-known/org/ogf/occi/-/`: discovery, optionally filtered by a
 * Category (HTTP §6.1), and the definition (HTTP §7.3) and removal (HTTP
 * §7.4) of user mixins.
 */
import { categoriesResponse, jsonContent, occiRef, param, response } from './components.js';

type Schema = Record<string, unknown>;

export const QUERY_INTERFACE = '/-/';
export const WELL_KNOWN_QUERY_INTERFACE = '/.well-known/org/ogf/occi/-/';

/** One query interface path item; `suffix` keeps the operationIds of the second location apart. */
function queryInterfaceItem(authenticated: boolean, suffix: string): Schema {
  const errors = {
    '400': response('BadRequest'),
    ...(authenticated ? { '401': response('Unauthorized') } : {}),
  };
  const mixins = (description: string, required: boolean) => ({
    required,
    description,
    content: jsonContent(occiRef('mixin_collection')),
  });
  const tags = ['query interface'];
  return {
    get: {
      operationId: `discover${suffix}`,
      summary: 'Discover the model',
      description:
        'The kinds, mixins and actions the caller can use, including the mixins the caller defined (HTTP §7.1); with a Category, only those related to it (HTTP §6.1).',
      tags,
      parameters: [param('category')],
      responses: { '200': categoriesResponse('The categories.'), ...errors },
    },
    post: {
      operationId: `defineMixins${suffix}`,
      summary: 'Define your own mixins',
      description:
        'Adds user mixins (HTTP §7.3), owned by the caller; each gets a collection at its location. Defining the same mixin again changes nothing; a different definition is 409.',
      tags,
      requestBody: mixins('The mixins, each with scheme, term and location.', true),
      responses: {
        '200': categoriesResponse('The mixins as defined.'),
        ...errors,
        '409': response('Conflict'),
      },
    },
    delete: {
      operationId: `removeMixins${suffix}`,
      summary: 'Remove your mixins',
      description: 'Removes user mixins the caller owns (HTTP §7.4); extension mixins cannot be removed.',
      tags,
      requestBody: mixins('The mixins to remove.', true),
      responses: {
        '200': categoriesResponse('An empty collection.'),
        ...errors,
        '403': response('Forbidden'),
        '404': response('NotFound'),
      },
    },
  };
}

export function queryInterfacePaths(authenticated: boolean): Schema {
  return {
    [QUERY_INTERFACE]: queryInterfaceItem(authenticated, ''),
    [WELL_KNOWN_QUERY_INTERFACE]: queryInterfaceItem(authenticated, 'WellKnown'),
  };
}
