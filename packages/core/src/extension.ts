/**
 * Extensions (Core §5.5): what one document or provider adds to the model.
 *
 * An extension is data first: kinds, mixins, actions and template families
 * written as plain JSON (`ExtensionDocument`), checked on load by
 * `validateExtension`. Behaviour — state machines and action handlers used by
 * the reference provider — rides alongside as `behaviours`, which are
 * dropped when the extension is serialised.
 */
import type { AttributeSpec, Attributes } from './attribute.js';
import type { Category, Mixin, TypeIdentifier } from './category.js';
import type { Entity } from './entity.js';
import type { Problem } from './errors.js';
import type { Model } from './model.js';

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
}

/** One row of a state machine: `action` moves an entity from any of `from` to `to`. */
export interface Transition {
  action: TypeIdentifier;
  from: string[];
  to: string;
}

/**
 * A state machine over one attribute (see shared/spec/STATE-MACHINES.md).
 * Actions not listed for the current state are not applicable: the
 * reference provider refuses them with a conflict and leaves the entity
 * unchanged.
 */
export interface StateMachine {
  attribute: string;
  /** Attribute explaining the state, set when an action fails. */
  messageAttribute?: string;
  initial: string;
  /** State entered when an action fails. */
  errorState?: string;
  transitions: Transition[];
}

/** What an action handler can do besides changing the entity it runs on. */
export interface ActionContext {
  readonly model: Model;
  /** The entity, as a copy the handler may change; the provider persists it. */
  readonly entity: Entity;
  /** The invocation's parameters, checked against the action's attribute definitions. */
  readonly parameters: Attributes;
  readonly user: string;
  /** Defines a provider mixin owned by the caller (e.g. the OS template `save` creates). */
  defineMixin(definition: MixinDefinition): Promise<Mixin>;
}

/** What an action returns to the client (HTTP §8.4): categories it created, if any. */
export interface ActionOutcome {
  categories?: Category[];
}

/**
 * Runs an action. Throw an `OcciError` to refuse it (the entity stays as it
 * was and the client gets the error's status); throw anything else when the
 * backend failed to carry it out: the entity then enters its state
 * machine's `errorState`, with the reason in `messageAttribute`
 * (STATE-MACHINES.md), and the client gets 500 naming the failure.
 */
export type ActionHandler = (
  context: ActionContext,
) => ActionOutcome | undefined | Promise<ActionOutcome | undefined>;

export interface LifecycleContext {
  readonly model: Model;
  readonly user: string;
  /** Reads another entity (e.g. a link's source) the caller may see. */
  lookup(location: string): Promise<Entity | undefined>;
}

/**
 * Behaviour of the entities of one Kind, or of those associated with one
 * Mixin. Applied by the reference provider; other providers may ignore it.
 */
export interface Behaviour {
  /** The Kind or Mixin this behaviour is attached to. */
  category: TypeIdentifier;
  stateMachine?: StateMachine;
  /** Fills server-managed attributes of a new entity (after template defaults). */
  initialise?(entity: Entity, context: LifecycleContext): void | Promise<void>;
  /**
   * Checks values beyond the attribute definitions (address syntax, ranges,
   * cycles, values that may be given once). `previous` is absent on create.
   */
  validate?(
    entity: Entity,
    previous: Entity | undefined,
    context: LifecycleContext,
  ): Problem[] | Promise<Problem[]>;
  /** Action handlers by action type identifier; run after the state machine allows the action. */
  actions?: Record<TypeIdentifier, ActionHandler>;
}

/** An extension: its document plus behaviours and Server header tokens. */
export interface Extension extends ExtensionDocument {
  behaviours?: Behaviour[];
  /** Tokens this extension adds to the `Server` header (HTTP §5.3), e.g. a profile's conformance claim. */
  serverTokens?(model: Model): string[];
}

/** The plain-JSON part of an extension. */
export function extensionDocument(extension: Extension): ExtensionDocument {
  const { behaviours: _behaviours, serverTokens: _serverTokens, ...document } = extension;
  return JSON.parse(JSON.stringify(document)) as ExtensionDocument;
}
