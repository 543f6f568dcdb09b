/**
 * Extensions (Core §5.5): what one document or provider adds to the model.
 *
 * An extension is data first: kinds, mixins, actions and template families
 * written as plain JSON (`ExtensionDocument`, extension-document.ts).
 * Behaviour — state machines and action handlers used by the reference
 * provider, and a backend's hooks — rides alongside as `behaviours`
 * (behaviour.ts), which are dropped when the extension is serialised. A
 * backend may also offer mixins from what it has (`catalogue`) and take part
 * in the provider's start and close.
 */
import type { Behaviour, Catalogue, StartContext } from './behaviour.js';
import type { ExtensionDocument } from './extension-document.js';
import type { Model } from './model.js';

/** An extension: its document plus behaviours and Server header tokens. */
export interface Extension extends ExtensionDocument {
  behaviours?: Behaviour[];
  /** Tokens this extension adds to the `Server` header (HTTP §5.3), e.g. a profile's conformance claim. */
  serverTokens?(model: Model): string[];
  /** Mixins a backend offers from what it has now, e.g. its images as OS templates. */
  catalogue?: Catalogue;
  /**
   * A backend's start, before the provider serves: connect, list what it
   * offers, and release objects whose entity the store does not hold (left
   * by a crash between the backend's work and the commit).
   */
  start?(context: StartContext): Promise<void>;
  /** Releases the backend's connections; its objects stay. */
  close?(): Promise<void>;
}

/** The plain-JSON part of an extension. */
export function extensionDocument(extension: Extension): ExtensionDocument {
  const {
    behaviours: _behaviours,
    serverTokens: _serverTokens,
    catalogue: _catalogue,
    start: _start,
    close: _close,
    ...document
  } = extension;
  return JSON.parse(JSON.stringify(document)) as ExtensionDocument;
}
