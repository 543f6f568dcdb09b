/** Resource Instance Rendering (JSON §3.1.1). */
import type { Entity } from '@occi/core';
import { type LinkRendering, renderLink } from './link-rendering.js';

/** The JSON form of a resource (JSON §3.1.1). */
export interface ResourceRendering {
  kind: string;
  mixins: string[];
  attributes: Entity['attributes'];
  actions: string[];
  id: string;
  links: LinkRendering[];
  summary?: string;
  title?: string;
}

/**
 * Renders a resource with its members in the order of JSON §3.1.1.
 * `mixins`, `attributes`, `actions` and `links` are always present (empty
 * when there are none) so clients meet one shape; links are rendered in
 * full (JSON §3.1.1: "fully rendered instances").
 */
export function renderResource(resource: Entity, baseUrl: string): ResourceRendering {
  const links: LinkRendering[] = [];
  if (resource.links !== undefined && resource.links.length > 0) {
    // JSON §3.1.2: an inline link held without a source has its resource as source: by location,
    // or by id for a resource that has none (yet).
    const self = { location: resource.location ?? resource.id, kind: resource.kind };
    for (const link of resource.links) links.push(renderLink(link, baseUrl, self));
  }
  const out: ResourceRendering = {
    kind: resource.kind,
    mixins: resource.mixins,
    attributes: resource.attributes,
    actions: resource.actions ?? [],
    id: resource.id,
    links,
  };
  if (resource.summary !== undefined) out.summary = resource.summary;
  if (resource.title !== undefined) out.title = resource.title;
  return out;
}
