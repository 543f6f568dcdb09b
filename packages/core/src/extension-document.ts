/**
 * The serialisable part of an extension (Core §5.5): kinds, mixins,
 * actions and template families as plain JSON, checked on load by
 * `validateExtensions`. Runtime behaviour lives in behaviour.ts.
 */
import type { AttributeSpec } from './attribute.js';
import type { TypeIdentifier } from './category.js';

interface CategoryDefinition {
  scheme: string;
  term: string;
  title?: string;
  attributes?: Record<string, AttributeSpec>;
}

export interface KindDefinition extends CategoryDefinition {
  parent?: TypeIdentifier;
  actions?: TypeIdentifier[];
  location?: string;
}

export interface MixinDefinition extends CategoryDefinition {
  depends?: TypeIdentifier[];
  applies?: TypeIdentifier[];
  actions?: TypeIdentifier[];
  location?: string;
}

export type ActionDefinition = CategoryDefinition;

/**
 * A family of template mixins: every mixin that depends (transitively) on
 * `mixin`. Core §5.3.7 leaves repeated assignment to each extension; this
 * says what happens.
 */
export interface TemplateFamily {
  /** The mixin the templates depend on, e.g. `…/infrastructure#resource_tpl`. */
  mixin: TypeIdentifier;
  /** At most one template of the family per entity; associating another replaces the old one. */
  exclusive: boolean;
  /** The template's attribute defaults override the entity's own values (e.g. resource templates). */
  overrides: boolean;
}

/** The serialisable part of an extension: plain JSON. */
export interface ExtensionDocument {
  /** A short unique name, e.g. `infrastructure`. */
  name: string;
  version?: string;
  /**
   * The OGF document this extension implements, e.g. `GFD-R-P.224`. Only
   * such extensions may use the reserved `http://schemas.ogf.org/occi/`
   * schemes and introduce `occi.` attribute names (Core §5.3.1, §5.5.1).
   */
  specification?: string;
  kinds?: KindDefinition[];
  mixins?: MixinDefinition[];
  actions?: ActionDefinition[];
  templates?: TemplateFamily[];
  /**
   * Attribute names an earlier version of the document defined and this one
   * removed, each with what a client sending one should know (e.g.
   * Infrastructure 1.1's `occi.compute.speed`). They stay undefined: a value
   * for one is refused as any unknown attribute is, and the refusal says why.
   */
  removedAttributes?: Record<string, string>;
}
