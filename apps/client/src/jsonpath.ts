/**
 * A JSONPath subset for `-o jsonpath=…` and `-o custom-columns=…`, applied to
 * what `-o json` prints (RFC 9535's syntax, kubectl's braces allowed):
 *
 * - `$` the root (optional: `.location` is `$.location`), `@` the current item in a filter;
 * - `.name`, `['name']`, `["name"]` a member (`\.` escapes a dot: `.attributes.occi\.compute\.cores`);
 * - `[n]` an element (negative counts from the end), `[a:b]` a slice, `[*]` or `.*` every member;
 * - `..name`, `..*` descendants; `[a,b]` a union of selectors;
 * - `[?(@.path op value)]` or `[?@.path op value]` a filter: `==`, `!=`, `<`, `<=`, `>`, `>=`,
 *   `=~ /re/`, `!` and `&&`, `||`, parentheses; `[?(@.path)]` tests that the member exists.
 */
import { usageError } from './exit-codes.js';

type Selector =
  | { kind: 'name'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; test: Filter };
interface Segment {
  descendants: boolean;
  selectors: Selector[];
}
type Operand = { path: Segment[]; root: boolean } | { value: unknown };
type Filter =
  | { op: 'and' | 'or'; left: Filter; right: Filter }
  | { op: 'not'; inner: Filter }
  | { op: 'exists'; operand: Operand }
  | { op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Operand; right: Operand }
  | { op: '=~'; left: Operand; re: RegExp };

export interface JsonPath {
  source: string;
  segments: Segment[];
}

class Parser {
  i = 0;
  constructor(readonly text: string) {}
  fail(message: string): never {
    throw usageError(`JSONPath "${this.text}": ${message} at character ${this.i + 1}`);
  }
  peek(s: string): boolean {
    return this.text.startsWith(s, this.i);
  }
  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.i += s.length;
    return true;
  }
  space(): void {
    while (this.text[this.i] === ' ') this.i++;
  }
  expect(s: string): void {
    this.space();
    if (!this.eat(s)) this.fail(`expected "${s}"`);
  }
  name(): string {
    let out = '';
    while (this.i < this.text.length) {
      const c = this.text[this.i]!;
      if (c === '\\' && this.i + 1 < this.text.length) {
        out += this.text[this.i + 1];
        this.i += 2;
      } else if (/[^.[\]()\s=!<>&|,'"]/.test(c)) {
        out += c;
        this.i++;
      } else break;
    }
    if (out === '') this.fail('expected a member name');
    return out;
  }
  quoted(): string {
    const quote = this.text[this.i]!;
    this.i++;
    let out = '';
    while (this.i < this.text.length && this.text[this.i] !== quote) {
      if (this.text[this.i] === '\\') this.i++;
      out += this.text[this.i++] ?? '';
    }
    if (!this.eat(quote)) this.fail('unterminated string');
    return out;
  }
  integer(): number | undefined {
    const m = /^-?\d+/.exec(this.text.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return Number(m[0]);
  }
  segments(relative: boolean): Segment[] {
    const out: Segment[] = [];
    for (;;) {
      if (this.eat('..')) {
        if (this.peek('[')) out.push({ descendants: true, selectors: this.bracket() });
        else out.push({ descendants: true, selectors: [this.dotSelector()] });
      } else if (this.eat('.')) out.push({ descendants: false, selectors: [this.dotSelector()] });
      else if (this.peek('[')) out.push({ descendants: false, selectors: this.bracket() });
      else if (out.length === 0 && !relative && /[A-Za-z_]/.test(this.text[this.i] ?? ''))
        out.push({ descendants: false, selectors: [{ kind: 'name', name: this.name() }] });
      else return out;
    }
  }
  dotSelector(): Selector {
    if (this.eat('*')) return { kind: 'wildcard' };
    return { kind: 'name', name: this.name() };
  }
  bracket(): Selector[] {
    this.expect('[');
    const selectors: Selector[] = [];
    do {
      this.space();
      selectors.push(this.selector());
      this.space();
    } while (this.eat(','));
    this.expect(']');
    return selectors;
  }
  selector(): Selector {
    const c = this.text[this.i];
    if (c === "'" || c === '"') return { kind: 'name', name: this.quoted() };
    if (this.eat('*')) return { kind: 'wildcard' };
    if (this.eat('?')) {
      this.space();
      const test = this.filter();
      return { kind: 'filter', test };
    }
    const start = this.integer();
    if (!this.peek(':')) {
      if (start === undefined) this.fail('expected a name, an index, a slice, * or ?filter');
      return { kind: 'index', index: start };
    }
    this.eat(':');
    const end = this.integer();
    const step = this.eat(':') ? this.integer() : undefined;
    if (step === 0) this.fail('a slice step cannot be 0');
    return {
      kind: 'slice',
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(step !== undefined ? { step } : {}),
    };
  }
  filter(): Filter {
    let left = this.conjunction();
    for (this.space(); this.eat('||'); this.space()) left = { op: 'or', left, right: this.conjunction() };
    return left;
  }
  conjunction(): Filter {
    let left = this.unary();
    for (this.space(); this.eat('&&'); this.space()) left = { op: 'and', left, right: this.unary() };
    return left;
  }
  unary(): Filter {
    this.space();
    if (this.eat('!')) return { op: 'not', inner: this.unary() };
    if (this.peek('(')) {
      this.eat('(');
      const inner = this.filter();
      this.expect(')');
      return inner;
    }
    const left = this.operand();
    this.space();
    if (this.eat('=~')) {
      this.space();
      const m = /^\/((?:\\.|[^/\\])*)\/([a-z]*)/.exec(this.text.slice(this.i));
      if (!m) this.fail('expected a /regular expression/');
      this.i += m[0].length;
      return { op: '=~', left, re: new RegExp(m[1]!, m[2]) };
    }
    for (const op of ['==', '!=', '<=', '>=', '<', '>'] as const)
      if (this.eat(op)) {
        this.space();
        return { op, left, right: this.operand() };
      }
    if (!('path' in left)) this.fail('a value alone is no test');
    return { op: 'exists', operand: left };
  }
  operand(): Operand {
    if (this.eat('@')) return { path: this.segments(true), root: false };
    if (this.eat('$')) return { path: this.segments(true), root: true };
    const c = this.text[this.i];
    if (c === "'" || c === '"') return { value: this.quoted() };
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected @, a string, a number, true, false or null');
    this.i += m[0].length;
    return { value: JSON.parse(m[0]) };
  }
}

/** Parses a path; kubectl's `{…}` around it is allowed. */
export function parseJsonPath(source: string): JsonPath {
  let text = source.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  const p = new Parser(text);
  p.eat('$');
  const segments = p.segments(false);
  p.space();
  if (p.i < text.length) p.fail(`unexpected "${text.slice(p.i)}"`);
  return { source, segments };
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

function descendants(value: unknown): unknown[] {
  const out = [value];
  for (const child of children(value)) out.push(...descendants(child));
  return out;
}

function select(value: unknown, selector: Selector, root: unknown): unknown[] {
  switch (selector.kind) {
    case 'name':
      return value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.hasOwn(value, selector.name)
        ? [(value as Record<string, unknown>)[selector.name]]
        : [];
    case 'wildcard':
      return children(value);
    case 'index': {
      if (!Array.isArray(value)) return [];
      const i = selector.index < 0 ? value.length + selector.index : selector.index;
      return i >= 0 && i < value.length ? [value[i]] : [];
    }
    case 'slice': {
      if (!Array.isArray(value)) return [];
      const n = value.length;
      const step = selector.step ?? 1;
      const norm = (x: number) => (x < 0 ? Math.max(n + x, 0) : Math.min(x, n));
      const out: unknown[] = [];
      if (step > 0)
        for (let i = norm(selector.start ?? 0); i < norm(selector.end ?? n); i += step) out.push(value[i]);
      else
        for (
          let i = selector.start !== undefined ? norm(selector.start) : n - 1;
          i > (selector.end !== undefined ? norm(selector.end) : -1);
          i += step
        )
          if (i < n) out.push(value[i]);
      return out;
    }
    case 'filter':
      return children(value).filter((item) => test(selector.test, item, root));
  }
}

function apply(segments: readonly Segment[], value: unknown, root: unknown): unknown[] {
  let nodes = [value];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const node of nodes)
      for (const from of segment.descendants ? descendants(node) : [node])
        for (const s of segment.selectors) next.push(...select(from, s, root));
    nodes = next;
  }
  return nodes;
}

function resolve(operand: Operand, item: unknown, root: unknown): unknown[] {
  if ('value' in operand) return [operand.value];
  return apply(operand.path, operand.root ? root : item, root);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '==') return JSON.stringify(a) === JSON.stringify(b);
  if (op === '!=') return JSON.stringify(a) !== JSON.stringify(b);
  const comparable =
    (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const [x, y] = [a as number | string, b as number | string];
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function test(filter: Filter, item: unknown, root: unknown): boolean {
  switch (filter.op) {
    case 'and':
      return test(filter.left, item, root) && test(filter.right, item, root);
    case 'or':
      return test(filter.left, item, root) || test(filter.right, item, root);
    case 'not':
      return !test(filter.inner, item, root);
    case 'exists':
      return resolve(filter.operand, item, root).length > 0;
    case '=~':
      return resolve(filter.left, item, root).some((v) => typeof v === 'string' && filter.re.test(v));
    default: {
      const left = resolve(filter.left, item, root);
      const right = resolve(filter.right, item, root);
      if (left.length !== 1 || right.length !== 1) return filter.op === '!=' && left.length !== right.length;
      return compare(filter.op, left[0], right[0]);
    }
  }
}

/** The values the path selects in `value`, in document order. */
export function queryJsonPath(path: JsonPath, value: unknown): unknown[] {
  return apply(path.segments, value, value);
}
