/**
 * The parameters, responses and security schemes operations share:
 * pagination (HTTP §5), filters (HTTP §6), preconditions, the error
 * responses, and the authentication schemes this server is configured with
 * (HTTP §10).
 */
import { occiRef, ref } from './rendering-schemas.js';

type Schema = Record<string, unknown>;

/** How the server authenticates, from its configuration. */
export interface AuthenticationInUse {
  /** A users file: Basic, and Bearer with its API tokens. */
  usersFile: boolean;
  /** Bearer JWTs signed with the operator's key. */
  jwtKey: boolean;
  /** Bearer JWTs of this OpenID provider. */
  oidcIssuer?: string;
  /** TLS client certificates signed by the configured CA. */
  clientCertificates: boolean;
}

export const JSON_TYPES = ['application/occi+json', 'application/json'] as const;

/** The same schema under both JSON media types the server reads and writes. */
export const jsonContent = (schema: Schema): Schema =>
  Object.fromEntries(JSON_TYPES.map((type) => [type, { schema }]));

export const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
export const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

export function parameters(maxPageSize: number): Schema {
  return {
    page: {
      name: 'page',
      in: 'query',
      description:
        'The page to answer, counting from 1 (HTTP §5); a page past the end is an empty collection.',
      schema: { type: 'integer', minimum: 1, default: 1 },
    },
    number: {
      name: 'number',
      in: 'query',
      description: `Entities per page (HTTP §5); above ${maxPageSize}, the server answers 413.`,
      schema: { type: 'integer', minimum: 1, maximum: maxPageSize, default: maxPageSize },
    },
    category: {
      name: 'Category',
      in: 'header',
      description:
        'Filter (HTTP §6): only entities of this kind or mixin (text/occi rendering of a Category; several comma-separated must all match). In discovery: only the categories related to it (HTTP §6.1).',
      schema: { type: 'string' },
      examples: {
        compute: {
          value: 'compute; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"',
        },
      },
    },
    attributeFilter: {
      name: 'X-OCCI-Attribute',
      in: 'header',
      description:
        'Filter (HTTP §6.2): only entities whose attributes have these values (text/occi rendering, comma-separated).',
      schema: { type: 'string' },
      examples: { title: { value: 'occi.core.title="web"' } },
    },
    ifMatch: {
      name: 'If-Match',
      in: 'header',
      description: 'Only if the entity is at one of these versions (its ETag), or exists (`*`).',
      schema: { type: 'string' },
    },
    ifNoneMatch: {
      name: 'If-None-Match',
      in: 'header',
      description: 'Only if the entity is at none of these versions, or does not exist yet (`*`).',
      schema: { type: 'string' },
    },
    id: {
      name: 'id',
      in: 'path',
      required: true,
      description:
        'The last segment of the entity’s location (the Location of its creation): its id, or for an id `urn:uuid:<uuid>`, the uuid.',
      schema: { type: 'string', pattern: '^[^/?#]+$' },
    },
  };
}

const error = (description: string, headers?: Schema): Schema => ({
  description,
  ...(headers ? { headers } : {}),
  content: jsonContent(ref('Error')),
});

export function responses(auth: AuthenticationInUse | undefined, challenge: string | undefined): Schema {
  return {
    BadRequest: error('The request is malformed or breaks a rule of the model; the problems name it.'),
    ...(auth
      ? {
          Unauthorized: error('No valid credentials.', {
            'WWW-Authenticate': {
              description: challenge ? `The challenge: \`${challenge}\`.` : 'The challenge.',
              schema: { type: 'string' },
            },
          }),
        }
      : {}),
    Forbidden: error('The caller may not do this (another user owns the entity or mixin).'),
    NotFound: error('Nothing at this location.'),
    Conflict: error('The request conflicts with the current state (an entity exists, a mixin differs).'),
    PreconditionFailed: error('If-Match or If-None-Match does not hold: the entity changed.'),
    PayloadTooLarge: error('The body, or the page size asked for, is larger than this server accepts.'),
    NotModified: { description: 'The entity is still at the version If-None-Match names.' },
  };
}

/** The security schemes in use; none when the server serves anonymously. */
export function securitySchemes(auth: AuthenticationInUse | undefined): Schema | undefined {
  if (!auth) return undefined;
  const schemes: Schema = {};
  if (auth.usersFile)
    schemes.basic = {
      type: 'http',
      scheme: 'basic',
      description: 'A user name and password of the users file.',
    };
  if (auth.usersFile || auth.jwtKey || auth.oidcIssuer !== undefined)
    schemes.bearer = {
      type: 'http',
      scheme: 'bearer',
      description: [
        auth.usersFile ? 'an API token of the users file' : '',
        auth.jwtKey ? 'a JWT signed with the configured key' : '',
        auth.oidcIssuer !== undefined ? `a JWT of the OpenID provider ${auth.oidcIssuer}` : '',
      ]
        .filter((s) => s !== '')
        .join(', or '),
      ...(auth.jwtKey || auth.oidcIssuer !== undefined ? { bearerFormat: 'JWT' } : {}),
    };
  if (auth.oidcIssuer !== undefined)
    schemes.openId = {
      type: 'openIdConnect',
      openIdConnectUrl: `${auth.oidcIssuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
      description: 'Tokens of the OpenID provider, sent as Bearer.',
    };
  if (auth.clientCertificates)
    schemes.clientCertificate = {
      type: 'mutualTLS',
      description: 'A TLS client certificate signed by the configured CA.',
    };
  return schemes;
}

/** The success response with a JSON body of `schema`. */
export const ok = (description: string, schema: Schema, headers?: Schema): Schema => ({
  description,
  ...(headers ? { headers } : {}),
  content: jsonContent(schema),
});

export const categoriesResponse = (description: string) => ok(description, ref('Categories'));
export const anyEntities = () => ref('EntityCollection');
export { occiRef, ref };
