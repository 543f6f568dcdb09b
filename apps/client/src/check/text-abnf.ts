/**
 * The ABNF of the text renderings (GFD.229 §4), written from the document
 * to judge what a server writes: Category, Link (and action links),
 * X-OCCI-Attribute and X-OCCI-Location values. Each parser gives what it
 * read and the problems it found against the grammar; nothing is repaired.
 */

export const TERM = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const QUOTED = /^"(?:[\t !#-[\]-~\x80-\uffff]|\\[\t -~\x80-\uffff])*"$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function unquote(q: string): string {
  return q.slice(1, -1).replace(/\\(.)/g, '$1');
}

export function isQuoted(s: string): boolean {
  return QUOTED.test(s);
}

/** An absolute URI (RFC 3986 §4.3): a scheme and what follows, without spaces. */
export function isUri(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return /^urn:/i.test(s);
  }
}

/** A URI-reference (RFC 3986 §4.1): an absolute URI or a relative reference. */
export function isUriReference(s: string): boolean {
  return s !== '' && !/[\s<>"]/.test(s) && (isUri(s) || /^[^:]*$|^[^/?#]*\//.test(s));
}

/** A type identifier: a scheme (a URI) immediately followed by a term. */
export function isTypeIdentifier(s: string): boolean {
  const m = /^(.*?)([A-Za-z0-9][A-Za-z0-9_.-]*)$/.exec(s);
  return m !== null && isUri(s) && m[1] !== '' && /[#/]$/.test(m[1]!);
}

/**
 * Splits a field value into its comma-separated values (RFC 7230 §7, the
 * `#rule`), leaving commas inside quoted strings and `<…>` alone.
 */
export function splitValues(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      current += c;
      if (c === '\\' && i + 1 < value.length) current += value[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    if (c === ',' && !angle) {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

/** Splits `a; b="x;y"; c` at semicolons outside quotes. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      current += c;
      if (c === '\\' && i + 1 < value.length) current += value[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    if (c === ';') {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current.trim());
  return out;
}

function param(p: string): { key: string; value: string } | undefined {
  const i = p.indexOf('=');
  if (i < 0) return undefined;
  return { key: p.slice(0, i).trim(), value: p.slice(i + 1).trim() };
}

export interface AttributeDef {
  name: string;
  immutable: boolean;
  required: boolean;
}

export interface TextCategory {
  term: string;
  scheme?: string;
  class?: string;
  title?: string;
  rel?: string;
  location?: string;
  attributes: AttributeDef[];
  actions: string[];
  problems: string[];
}

const CATEGORY_ORDER = ['scheme', 'class', 'title', 'rel', 'location', 'attributes', 'actions'];

/** One `category-value` (GFD.229 §4.1). */
export function parseCategory(value: string): TextCategory {
  const [first = '', ...rest] = splitParams(value);
  const c: TextCategory = { term: first, attributes: [], actions: [], problems: [] };
  if (!TERM.test(first))
    c.problems.push(`term "${first}" is not a term (ALPHA / DIGIT, then ALPHA / DIGIT / "-" / "_" / ".")`);
  let last = -1;
  for (const p of rest) {
    const kv = param(p);
    if (!kv) {
      c.problems.push(`"${p}" is not a parameter (name=value)`);
      continue;
    }
    const { key, value: v } = kv;
    const at = CATEGORY_ORDER.indexOf(key);
    if (at < 0) {
      c.problems.push(`unknown parameter "${key}"`);
      continue;
    }
    if (at <= last)
      c.problems.push(`parameter "${key}" out of the grammar's order (${CATEGORY_ORDER.join(', ')})`);
    last = Math.max(last, at);
    if (key === 'class') {
      const cls = isQuoted(v) ? unquote(v) : v;
      if (!['kind', 'mixin', 'action'].includes(cls))
        c.problems.push(`class ${v} is not "kind", "mixin" or "action"`);
      c.class = cls;
      continue;
    }
    if (!isQuoted(v)) {
      c.problems.push(`${key}=${v} is not a quoted string`);
      continue;
    }
    const text = unquote(v);
    if (key === 'scheme') {
      if (!isUri(text)) c.problems.push(`scheme "${text}" is not a URI`);
      c.scheme = text;
    } else if (key === 'title') c.title = text;
    else if (key === 'rel') {
      if (!isTypeIdentifier(text)) c.problems.push(`rel "${text}" is not a type identifier`);
      c.rel = text;
    } else if (key === 'location') {
      if (!isUriReference(text)) c.problems.push(`location "${text}" is not a URI`);
      c.location = text;
    } else if (key === 'attributes') c.attributes = parseAttributeList(text, c.problems);
    else if (key === 'actions') {
      c.actions = text.split(/ +/).filter((a) => a !== '');
      if (!/^\S+( +\S+)*$/.test(text)) c.problems.push(`actions "${text}" is not a space-separated list`);
      for (const a of c.actions)
        if (!isTypeIdentifier(a)) c.problems.push(`action "${a}" is not a type identifier`);
    }
  }
  if (c.scheme === undefined) c.problems.push('no scheme');
  if (c.class === undefined) c.problems.push('no class');
  return c;
}

function parseAttributeList(text: string, problems: string[]): AttributeDef[] {
  const defs: AttributeDef[] = [];
  const re = /([^\s{]+)(?:\{([^}]*)\})?/g;
  if (!/^\S+( +\S+)*$/.test(text)) problems.push(`attributes "${text}" is not a space-separated list`);
  for (const m of text.matchAll(re)) {
    const name = m[1]!;
    const props = m[2] === undefined ? [] : m[2].split(/ +/);
    if (!TERM.test(name)) problems.push(`attribute name "${name}" is not a term`);
    for (const p of props)
      if (p !== 'immutable' && p !== 'required')
        problems.push(`attribute property "${p}" of ${name} is not "immutable" or "required"`);
    if (m[2] !== undefined && !/^[a-z]+( +[a-z]+)*$/.test(m[2]))
      problems.push(`attribute properties "{${m[2]}}" of ${name} are not a space-separated list`);
    defs.push({ name, immutable: props.includes('immutable'), required: props.includes('required') });
  }
  return defs;
}

export interface TextLink {
  target: string;
  rel?: string;
  self?: string;
  category?: string;
  attributes: Record<string, unknown>;
  /** An action link: `<URI?action=term>` (GFD.229 §4.2). */
  action: boolean;
  problems: string[];
}

/** One `link-value` or action link (GFD.229 §4.2). */
export function parseLink(value: string): TextLink {
  const problems: string[] = [];
  const m = /^<([^>]*)>\s*(.*)$/.exec(value);
  const link: TextLink = { target: m?.[1] ?? '', attributes: {}, action: false, problems };
  if (!m) {
    problems.push(`"${value}" does not start with <URI-reference>`);
    return link;
  }
  link.action = /[?&]action=/.test(link.target);
  if (!isUriReference(link.target)) problems.push(`<${link.target}> is not a URI-reference`);
  if (link.action && !/\?action=[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(link.target))
    problems.push(`action link <${link.target}> is not URI "?action=" term`);
  const [, ...params] = splitParams(m[2]!.startsWith(';') ? `x${m[2]}` : `x;${m[2]}`);
  const order = ['rel', 'self', 'category'];
  let last = -1;
  for (const p of params.filter((x) => x !== '')) {
    const kv = param(p);
    if (!kv) {
      problems.push(`"${p}" is not a parameter`);
      continue;
    }
    const at = order.indexOf(kv.key);
    if (at >= 0) {
      if (at <= last) problems.push(`parameter "${kv.key}" out of the grammar's order (rel, self, category)`);
      last = at;
    }
    if (kv.key === 'rel' || kv.key === 'self') {
      if (!isQuoted(kv.value)) problems.push(`${kv.key}=${kv.value} is not quoted`);
      const v = isQuoted(kv.value) ? unquote(kv.value) : kv.value;
      if (kv.key === 'rel') {
        link.rel = v;
        for (const t of v.split(/ +/))
          if (!isTypeIdentifier(t)) problems.push(`rel "${t}" is not a type identifier`);
      } else link.self = v;
    } else if (kv.key === 'category') {
      link.category = isQuoted(kv.value) ? unquote(kv.value) : kv.value;
    } else if (link.category !== undefined) {
      const a = parseAttribute(`${kv.key}=${kv.value}`);
      problems.push(...a.problems);
      link.attributes[a.name] = a.value;
    } else problems.push(`unknown parameter "${kv.key}" before category`);
  }
  if (link.rel === undefined) problems.push('no rel');
  if (link.action && (link.self !== undefined || link.category !== undefined))
    problems.push('an action link has only a URI and rel');
  return link;
}

export interface TextAttribute {
  name: string;
  value: unknown;
  type: 'string' | 'number' | 'bool' | 'invalid';
  problems: string[];
}

/** One `attribute-repr` (GFD.229 §4.3): a string, a number or a bool. */
export function parseAttribute(value: string): TextAttribute {
  const i = value.indexOf('=');
  const name = (i < 0 ? value : value.slice(0, i)).trim();
  const raw = i < 0 ? '' : value.slice(i + 1).trim();
  const problems: string[] = [];
  if (i < 0) problems.push(`"${value}" is not name=value`);
  if (!TERM.test(name)) problems.push(`attribute name "${name}" is not an attribute-name`);
  if (isQuoted(raw)) return { name, value: unquote(raw), type: 'string', problems };
  if (/^[0-9]*\.?[0-9]*$/.test(raw) && /[0-9]/.test(raw))
    return { name, value: Number(raw), type: 'number', problems };
  if (raw === 'true' || raw === 'false') return { name, value: raw === 'true', type: 'bool', problems };
  problems.push(`${name}=${raw} is not a quoted string, a number or true/false`);
  return { name, value: raw, type: 'invalid', problems };
}

/** A `location-value` (GFD.229 §4.4). */
export function locationProblems(value: string): string[] {
  return isUriReference(value) ? [] : [`X-OCCI-Location "${value}" is not a URI-reference`];
}

export { TOKEN };
