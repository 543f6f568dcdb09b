/**
 * Attributes rendering (GFD.229 §5.5): the `occi.core.*` names of the model
 * attributes kept in Entity fields (§5.5.1 table), and typing the values read.
 */
import type { Attributes, AttributeType, AttributeValue, Model, TypeIdentifier } from '@occi/core';
import type { AttributeRepr } from '../abnf/attribute.js';
import { attributeValue, numberValue } from '../abnf/attribute.js';
import { parseError } from '../position.js';

const MAX_JSON_DEPTH = 64;

function isAttributeValue(v: unknown, depth: number): v is AttributeValue {
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (v === null || typeof v !== 'object' || depth > MAX_JSON_DEPTH) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!isAttributeValue(x, depth + 1)) return false;
    return true;
  }
  for (const key in v) if (!isAttributeValue((v as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

interface Remembered {
  kind: TypeIdentifier;
  mixins: readonly TypeIdentifier[];
  map: ReadonlyMap<string, { type: AttributeType }>;
}
/** The answers remembered per model, the newest first: a resource and its links' kinds take a few. */
const lastAttributes = new WeakMap<Model, Remembered[]>();
const REMEMBERED = 4;

function sameMixins(a: readonly TypeIdentifier[], b: readonly TypeIdentifier[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `model.attributes(kind, mixins)`, remembering the last few answers per model (messages tend to repeat). */
function attributesOf(model: Model, kind: TypeIdentifier, mixins: readonly TypeIdentifier[]) {
  let remembered = lastAttributes.get(model);
  if (remembered === undefined) {
    remembered = [];
    lastAttributes.set(model, remembered);
  }
  for (let i = 0; i < remembered.length; i++) {
    const r = remembered[i]!;
    if (r.kind === kind && sameMixins(r.mixins, mixins)) return r.map;
  }
  const map = model.attributes(kind, mixins);
  // Interned copies: the message's strings are views of the whole message, which must not stay alive.
  remembered.unshift({ kind: intern(kind), mixins: mixins.map(intern), map });
  if (remembered.length > REMEMBERED) remembered.pop();
  return map;
}

function intern(text: string): string {
  return Object.keys({ [text]: true })[0]!;
}

/**
 * Looks up attribute types in the model, for the arrays and objects that
 * travel as quoted JSON and the numbers and booleans some peers quote.
 * Without a kind (a partial update), the first category defining the name
 * decides.
 */
export class AttributeTypes {
  readonly #model: Model;
  readonly #kind: TypeIdentifier | undefined;
  readonly #mixins: readonly TypeIdentifier[];
  #map: ReadonlyMap<string, { type: AttributeType }> | undefined;
  #exact = false;

  constructor(model: Model, kind: TypeIdentifier | undefined, mixins: readonly TypeIdentifier[]) {
    this.#model = model;
    this.#kind = kind;
    this.#mixins = mixins;
  }

  /** Types from these definitions only (an action's parameters). */
  static of(map: ReadonlyMap<string, { type: AttributeType }>, model: Model): AttributeTypes {
    const types = new AttributeTypes(model, undefined, []);
    types.#map = map;
    types.#exact = true;
    return types;
  }

  typeOf(name: string): AttributeType | undefined {
    if (this.#map === undefined && this.#kind !== undefined)
      this.#map = attributesOf(this.#model, this.#kind, this.#mixins);
    if (this.#map !== undefined) {
      const known = this.#map.get(name)?.type;
      if (known !== undefined || this.#kind !== undefined || this.#exact) return known;
    }
    for (const category of this.#model.categories()) {
      const a = category.attributes.get(name);
      if (a !== undefined) return a.type;
    }
    return undefined;
  }

  /**
   * The typed value of an attribute: §4.3 typing, then a quoted string is
   * read by the attribute's type in the model: JSON for an array or an
   * object, a number (`"2"`, `"2.5"`) for a number, `"true"`/`"false"` for a
   * boolean, as rOCCI-style peers send them (see README). Anything else
   * stays a string, which the model's validation reports by name.
   */
  value(repr: AttributeRepr): AttributeValue {
    const value = attributeValue(repr.text, repr.quoted);
    if (repr.quoted) {
      const text = repr.text;
      const first = text.charCodeAt(0);
      if (first === 0x5b || first === 0x7b) {
        const type = this.typeOf(repr.name);
        if ((type === 'array' && first === 0x5b) || (type === 'object' && first === 0x7b)) {
          try {
            const parsed: unknown = JSON.parse(text);
            if (isAttributeValue(parsed, 0)) return parsed;
          } catch {
            // Not JSON: the string stays a string; the model's validation reports the type.
          }
        }
      } else if ((first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2e) {
        // A digit, "-" or ".": perhaps a quoted number.
        if (this.typeOf(repr.name) === 'number') {
          const n = numberValue(text);
          if (n !== undefined) return n;
        }
      } else if (text === 'true' || text === 'false') {
        if (this.typeOf(repr.name) === 'boolean') return text === 'true';
      }
    }
    return value;
  }
}

/** Reads attributes into `out`, refusing a name given twice. */
export function addAttribute(out: Attributes, repr: AttributeRepr, value: AttributeValue): void {
  if (Object.hasOwn(out, repr.name)) throw parseError(repr.at, `attribute ${repr.name} is given twice`);
  out[repr.name] = value;
}
