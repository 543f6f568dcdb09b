/**
 * The OCCI 1.2 JSON schema (JSON Rendering appendix, draft-04), as published
 * with one fix (spec README): `$ref`s read `#/definitions/x` instead of
 * `#definitions/x`. A copy of /work/shared/spec/occi-1.2.schema.json; a test
 * keeps the two equal.
 */
export const occiJsonSchema: Readonly<Record<string, unknown>> = {
  id: 'http://schemas.ogf.org/occi/OCCI-schema.json',
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'OCCI v. 1.2 JSON Rendering Schema',
  definitions: {
    array_of_strings: {
      type: 'array',
      items: {
        type: 'string',
      },
    },
    kinded_uri: {
      id: '#kinded_uri',
      type: 'object',
      required: ['location'],
      additionalProperties: false,
      properties: {
        location: {
          type: 'string',
        },
        kind: {
          type: 'string',
        },
      },
    },
    resource: {
      id: '#resource',
      type: 'object',
      required: ['kind', 'id'],
      additionalProperties: false,
      properties: {
        kind: {
          type: 'string',
        },
        mixins: {
          $ref: '#/definitions/array_of_strings',
        },
        attributes: {
          $ref: '#/definitions/attributes',
        },
        actions: {
          $ref: '#/definitions/array_of_strings',
        },
        id: {
          type: 'string',
        },
        links: {
          type: 'array',
          items: {
            $ref: '#/definitions/link',
          },
        },
        summary: {
          type: 'string',
        },
        title: {
          type: 'string',
        },
      },
    },
    action_invocation: {
      id: '#action_invocation',
      type: 'object',
      required: ['action'],
      additionalProperties: false,
      properties: {
        action: {
          type: 'string',
        },
        attributes: {
          $ref: '#/definitions/attributes',
        },
      },
    },
    link: {
      id: '#link',
      type: 'object',
      required: ['kind', 'id', 'target', 'source'],
      additionalProperties: false,
      properties: {
        kind: {
          type: 'string',
        },
        mixins: {
          $ref: '#/definitions/array_of_strings',
        },
        attributes: {
          $ref: '#/definitions/attributes',
        },
        actions: {
          $ref: '#/definitions/array_of_strings',
        },
        id: {
          type: 'string',
        },
        source: {
          $ref: '#/definitions/kinded_uri',
        },
        target: {
          $ref: '#/definitions/kinded_uri',
        },
        rel: {
          type: 'string',
        },
        title: {
          type: 'string',
        },
      },
    },
    kind: {
      id: '#kind',
      type: 'object',
      required: ['term', 'scheme'],
      additionalProperties: false,
      properties: {
        term: {
          type: 'string',
        },
        scheme: {
          type: 'string',
        },
        title: {
          type: 'string',
        },
        attributes: {
          $ref: '#/definitions/attribute_description',
        },
        actions: {
          $ref: '#/definitions/array_of_strings',
        },
        parent: {
          type: 'string',
        },
        location: {
          type: 'string',
        },
      },
    },
    mixin: {
      id: '#mixin',
      type: 'object',
      required: ['term', 'scheme', 'location'],
      additionalProperties: false,
      properties: {
        term: {
          type: 'string',
        },
        scheme: {
          type: 'string',
        },
        title: {
          type: 'string',
        },
        attributes: {
          $ref: '#/definitions/attribute_description',
        },
        actions: {
          $ref: '#/definitions/array_of_strings',
        },
        depends: {
          $ref: '#/definitions/array_of_strings',
        },
        applies: {
          $ref: '#/definitions/array_of_strings',
        },
        location: {
          type: 'string',
        },
      },
    },
    action: {
      id: '#action',
      type: 'object',
      required: ['term', 'scheme'],
      additionalProperties: false,
      properties: {
        term: {
          type: 'string',
        },
        scheme: {
          type: 'string',
        },
        title: {
          type: 'string',
        },
        attributes: {
          $ref: '#/definitions/attribute_description',
        },
      },
    },
    resource_collection: {
      id: '#resource_collection',
      type: 'object',
      required: ['resources'],
      additionalProperties: false,
      properties: {
        resources: {
          type: 'array',
          items: {
            $ref: '#/definitions/resource',
          },
        },
      },
    },
    link_collection: {
      id: '#link_collection',
      type: 'object',
      required: ['links'],
      additionalProperties: false,
      properties: {
        links: {
          type: 'array',
          items: {
            $ref: '#/definitions/link',
          },
        },
      },
    },
    kind_collection: {
      id: '#kind_collection',
      type: 'object',
      required: ['kinds'],
      additionalProperties: false,
      properties: {
        kinds: {
          type: 'array',
          items: {
            $ref: '#/definitions/kind',
          },
        },
      },
    },
    mixin_collection: {
      id: '#mixin_collection',
      type: 'object',
      required: ['mixins'],
      additionalProperties: false,
      properties: {
        mixins: {
          type: 'array',
          items: {
            $ref: '#/definitions/mixin',
          },
        },
      },
    },
    action_collection: {
      id: '#action_collection',
      type: 'object',
      required: ['actions'],
      additionalProperties: false,
      properties: {
        actions: {
          type: 'array',
          items: {
            $ref: '#/definitions/action',
          },
        },
      },
    },
    attributes: {
      id: '#attributes',
      type: 'object',
      additionalProperties: {
        oneOf: [
          {
            type: 'number',
          },
          {
            type: 'boolean',
          },
          {
            type: 'string',
          },
          {
            type: 'object',
          },
          {
            type: 'array',
          },
        ],
      },
    },
    attribute_description: {
      id: '#attribute_description',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            mutable: {
              type: 'boolean',
            },
            required: {
              type: 'boolean',
            },
            type: {
              type: 'string',
            },
            default: {
              oneOf: [
                {
                  type: 'number',
                },
                {
                  type: 'string',
                },
                {
                  type: 'boolean',
                },
              ],
            },
            description: {
              type: 'string',
            },
            pattern: {
              type: 'object',
            },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          patternProperties: {
            '.+': {
              $ref: '#/definitions/attribute_description',
            },
          },
        },
      ],
    },
    model: {
      id: '#model',
      type: 'object',
      additionalProperties: false,
      properties: {
        resources: {
          type: 'array',
          items: {
            $ref: '#/definitions/resource',
          },
        },
        links: {
          type: 'array',
          items: {
            $ref: '#/definitions/link',
          },
        },
        mixins: {
          type: 'array',
          items: {
            $ref: '#/definitions/mixin',
          },
        },
        kinds: {
          type: 'array',
          items: {
            $ref: '#/definitions/kind',
          },
        },
        actions: {
          type: 'array',
          items: {
            $ref: '#/definitions/action',
          },
        },
      },
    },
  },
  anyOf: [
    {
      $ref: '#/definitions/kind',
    },
    {
      $ref: '#/definitions/mixin',
    },
    {
      $ref: '#/definitions/action',
    },
    {
      $ref: '#/definitions/attributes',
    },
    {
      $ref: '#/definitions/attribute_description',
    },
    {
      $ref: '#/definitions/kind_collection',
    },
    {
      $ref: '#/definitions/mixin_collection',
    },
    {
      $ref: '#/definitions/action_collection',
    },
    {
      $ref: '#/definitions/resource_collection',
    },
    {
      $ref: '#/definitions/link_collection',
    },
    {
      $ref: '#/definitions/model',
    },
  ],
};
