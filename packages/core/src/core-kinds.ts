/**
 * The three Kinds of the Core model (Core §5.4): Entity, Resource and Link,
 * with the model attributes the text rendering names `occi.core.*`
 * (GFD.229 §5.5.1).
 */
import type { ExtensionDocument } from './extension-document.js';

export const CORE_SCHEME = 'http://schemas.ogf.org/occi/core#';
export const ENTITY_KIND = `${CORE_SCHEME}entity`;
export const RESOURCE_KIND = `${CORE_SCHEME}resource`;
export const LINK_KIND = `${CORE_SCHEME}link`;

/** The Core model as an extension document; every Model includes it. */
export const coreExtension: ExtensionDocument = {
  name: 'core',
  version: '1.2',
  specification: 'GFD-R-P.221',
  kinds: [
    {
      scheme: CORE_SCHEME,
      term: 'entity',
      title: 'Entity',
      attributes: {
        'occi.core.id': {
          type: 'string',
          mutable: false,
          required: true,
          description: 'A unique identifier of the entity instance',
        },
        'occi.core.title': {
          type: 'string',
          mutable: true,
          required: false,
          description: 'The display name of the instance',
        },
      },
    },
    {
      scheme: CORE_SCHEME,
      term: 'resource',
      title: 'Resource',
      parent: ENTITY_KIND,
      location: '/resource/',
      attributes: {
        'occi.core.summary': {
          type: 'string',
          mutable: true,
          required: false,
          description: 'A summarizing description of the resource instance',
        },
      },
    },
    {
      scheme: CORE_SCHEME,
      term: 'link',
      title: 'Link',
      parent: ENTITY_KIND,
      location: '/link/',
      attributes: {
        'occi.core.source': {
          type: 'string',
          mutable: true,
          required: true,
          description: 'The location of the resource the link originates from',
        },
        'occi.core.target': {
          type: 'string',
          mutable: true,
          required: true,
          description: 'The location of the resource the link points to',
        },
        'occi.core.target.kind': {
          type: 'string',
          mutable: true,
          required: false,
          description: 'The Kind of the target, if applicable',
        },
      },
    },
  ],
};
