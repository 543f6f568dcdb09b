/**
 * The XML libvirt speaks, small enough to write by hand: a parser of
 * well-formed documents (elements, attributes, text; declarations,
 * comments and processing instructions skipped) and a writer that escapes
 * every value it is given.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, trimmed. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Parses a document; throws on one that is not well-formed. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  for (const match of source.matchAll(TOKEN)) {
    const [, cdata, closing, opening, attributes = '', selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (cdata !== undefined) top.text += cdata;
    else if (closing !== undefined) {
      if (top.name !== closing) throw new Error(`XML: </${closing}> closes <${top.name}>`);
      top.text = top.text.trim();
      stack.pop();
    } else if (opening !== undefined) {
      const element: XmlElement = { name: opening, attributes: {}, children: [], text: '' };
      for (const [, name, double, single] of attributes.matchAll(ATTRIBUTE))
        element.attributes[name!] = decodeEntities(double ?? single ?? '');
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (text !== undefined) top.text += decodeEntities(text);
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is not closed`);
  const element = root.children[0];
  if (!element) throw new Error('XML: no element');
  return element;
}

/** The first child named `name` (a `/`-separated path descends). */
export function child(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let at = element;
  for (const name of path.split('/')) at = at?.children.find((c) => c.name === name);
  return at;
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** A node to write: an element with attributes (undefined ones left out) and children, or text. */
export type XmlNode =
  | string
  | { name: string; attributes?: Record<string, string | number | undefined>; children?: XmlNode[] };

/** Writes a node; text and attribute values are escaped. */
export function writeXml(node: XmlNode, indent = ''): string {
  if (typeof node === 'string') return indent + escapeXml(node);
  const attributes = Object.entries(node.attributes ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
  const kids = node.children ?? [];
  if (kids.length === 0) return `${indent}<${node.name}${attributes}/>`;
  if (kids.length === 1 && typeof kids[0] === 'string')
    return `${indent}<${node.name}${attributes}>${escapeXml(kids[0])}</${node.name}>`;
  const inner = kids.map((c) => writeXml(c, `${indent}  `)).join('\n');
  return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`;
}

/** Shorthand for an element node. */
export const el = (
  name: string,
  attributes: Record<string, string | number | undefined> = {},
  ...kids: (XmlNode | undefined | false)[]
): XmlNode => ({
  name,
  attributes,
  children: kids.filter((k): k is XmlNode => k !== undefined && k !== false),
});
