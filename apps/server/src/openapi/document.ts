/**
 * The OpenAPI 3.1 document of one caller's model: what that caller can do
 * here, from the extensions' kinds, mixins and actions and the caller's own
 * mixins, with the JSON rendering's shapes, the server's error body,
 * pagination and filters, and the authentication schemes in use.
 */
import type { Action, Category, Model } from '@occi/core';
import { typeIdentifier } from '@occi/core';
import {
  type AuthenticationInUse,
  jsonContent,
  parameters,
  responses,
  securitySchemes,
} from './components.js';
import { invocationSchema, kindSchemaNames, kindSchemas } from './entity-schemas.js';
import { Names, pascal } from './names.js';
import { kindPaths, mixinPaths, type PathContext, rootPath } from './paths.js';
import { queryInterfacePaths } from './query-interface.js';
import { errorSchemas, renderingSchemas } from './rendering-schemas.js';

type Schema = Record<string, unknown>;

/** What the document says of the server beside the model. */
export interface DocumentSettings {
  /** The server's version (info.version). */
  version: string;
  /** `--public-url`: the server's URL; otherwise the document is relative to where it is served. */
  publicUrl?: string;
  /** The largest page (HTTP §5). */
  maxPageSize: number;
  /** Undefined when the server serves anonymously. */
  auth?: AuthenticationInUse;
  /** The WWW-Authenticate challenge of a 401. */
  challenge?: string;
}

const DESCRIPTION = `The OCCI 1.2 interface of this server (OGF GFD.221 Core, GFD.223 HTTP protocol, GFD.225 JSON rendering, GFD.224 Infrastructure, GFD.227 Platform, GFD.228 SLA), generated from the model the caller sees: the extensions' kinds, mixins and actions and the caller's own mixins. Bodies are described in the JSON rendering (application/occi+json); the server also reads and writes text/plain, text/occi and text/uri-list. Actions are operations of their own at \`<path>?action=<term>\` (HTTP §8.4, §9.4). Besides the responses listed, any operation may answer 406 or 415 for a media type the server does not offer or read, 429 (text/plain, with Retry-After) past the rate limit or after repeated failed logins, 501 to a client asking for a higher OCCI version (HTTP §5.3), and 503 while an OpenID provider cannot be reached.`;

export function buildDocument(model: Model, settings: DocumentSettings): Schema {
  const authenticated = settings.auth !== undefined;
  const stems = new Names();
  const ids = new Names();
  const schemaNames = new Names();
  // The query interface's operationIds are fixed; no category's may take them.
  for (const suffix of ['', 'WellKnown'])
    for (const id of ['discover', 'defineMixins', 'removeMixins']) ids.unique(`${id}${suffix}`);
  for (const reserved of Object.keys({ ...renderingSchemas(), ...errorSchemas() }))
    schemaNames.unique(reserved);
  const schemas: Schema = { ...renderingSchemas(), ...errorSchemas() };
  const invocations = new Map<string, string>();
  const responseComponents: Schema = responses(settings.auth, settings.challenge);
  const requestBodies: Schema = {};

  const context: PathContext = {
    model,
    authenticated,
    operationId: (base) => ids.unique(base),
    invocation(action: Action) {
      const id = typeIdentifier(action);
      let name = invocations.get(id);
      if (name === undefined) {
        const definer = model
          .definersOf(id)
          .map((d) => model.get(d))
          .find((d) => d !== undefined);
        name = schemaNames.unique(
          `${definer ? stems.forCategory(definer) : ''}${pascal(action.term)}Invocation`,
        );
        invocations.set(id, name);
        schemas[name] = invocationSchema(action);
      }
      return name;
    },
    response(name, description, schema) {
      responseComponents[name] ??= { description, content: jsonContent(schema) };
      return { $ref: `#/components/responses/${name}` };
    },
    requestBody(name, description, schema, required = true) {
      requestBodies[name] ??= { required, description, content: jsonContent(schema) };
      return { $ref: `#/components/requestBodies/${name}` };
    },
  };

  const paths: Schema = { ...queryInterfacePaths(authenticated), ...rootPath(context) };
  const tags: Schema[] = [
    { name: 'query interface', description: 'Discovery and user mixins (HTTP §7).' },
    { name: 'namespace', description: 'Everything the caller sees (HTTP §4.1).' },
  ];
  const tagNames = new Names();
  for (const t of tags) tagNames.unique(t.name as string);
  const tag = (category: Category, stem: string): string => {
    // A user mixin is tagged with its owner (an administrator's model holds every user's).
    const owner = category.class === 'mixin' ? category.owner : undefined;
    const name = tagNames.unique(
      owner !== undefined ? `${category.term} (${owner})` : category.term,
      ` (${stem})`,
    );
    tags.push({
      name,
      description: `${owner !== undefined ? `Mixin of ${owner}: ` : ''}${category.title ?? category.term} — ${typeIdentifier(category)}`,
    });
    return name;
  };
  for (const kind of model.kinds()) {
    if (kind.location === undefined) continue;
    const stem = stems.forCategory(kind);
    // A kind's schemas are named after it, unless a name is taken (a kind `problem`, say).
    let schemaStem = stem;
    while (Object.values(kindSchemaNames(schemaStem)).some((n) => schemaNames.has(n))) schemaStem += 'Kind';
    const names = kindSchemaNames(schemaStem);
    for (const name of Object.values(names)) schemaNames.unique(name);
    Object.assign(schemas, kindSchemas(model, kind, names));
    Object.assign(paths, kindPaths(context, kind, stem, names, tag(kind, stem)));
  }
  for (const mixin of model.mixins()) {
    if (mixin.location === undefined) continue;
    const stem = stems.forCategory(mixin);
    Object.assign(paths, mixinPaths(context, mixin, stem, tag(mixin, stem)));
  }

  const security = securitySchemes(settings.auth);
  return {
    openapi: '3.1.0',
    info: {
      title: 'OCCI 1.2',
      version: settings.version,
      description: DESCRIPTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    ...(settings.publicUrl !== undefined
      ? { servers: [{ url: settings.publicUrl.replace(/\/+$/, '') }] }
      : {}),
    tags,
    paths,
    components: {
      schemas,
      parameters: parameters(settings.maxPageSize),
      responses: responseComponents,
      requestBodies,
      ...(security ? { securitySchemes: security } : {}),
    },
    ...(security ? { security: Object.keys(security).map((name) => ({ [name]: [] })) } : {}),
  };
}
