/**
 * Parsing a message with the renderings of GFD.229 (text/plain, text/occi)
 * and GFD.225 (JSON), as the server does, reporting every problem: on a
 * problem, the line (text/plain) or header field (text/occi) it is on is
 * left out and the message parsed again. What a rendering accepted although
 * the document does not allow it lands in `ParseContext.warnings`, and is
 * reported as a warning.
 */
import type {
  CategoryCollection,
  EntityDraft,
  Model,
  ParseContext,
  Payload,
  Problem,
  Rendering,
} from '@occi/core';
import type { MessageType } from './message-type.js';
import type { RawMessage } from './raw-message.js';

export interface Finding extends Problem {
  /** The input line the problem is on, when known. */
  inputLine?: number;
  /** A warning: the message is non-conformant there, but unambiguous (an error otherwise). */
  warning?: boolean;
}

/** A model document (the JSON schema's `model`): entities and categories together. */
export interface ModelDocument {
  entities: EntityDraft[];
  categories: CategoryCollection;
}

export type Parsed =
  | { type: 'entity' | 'update'; value: ReturnType<Rendering['parseEntity']> }
  | { type: 'collection'; value: ReturnType<Rendering['parseEntityCollection']> }
  | { type: 'categories'; value: ReturnType<Rendering['parseCategories']> }
  | { type: 'action'; value: ReturnType<Rendering['parseActionInvocation']> }
  | { type: 'model'; value: ModelDocument };

const ENTITY_MEMBERS = ['resources', 'links'];
const CATEGORY_MEMBERS = ['kinds', 'mixins', 'actions'];
const MODEL_MEMBERS = [...ENTITY_MEMBERS, ...CATEGORY_MEMBERS];

/** A problem the parse reports itself, as the renderings report theirs. */
class ParseProblem extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/**
 * A model document through both parsers: `resources` and `links` as an
 * entity collection (JSON §3.3), `kinds`, `mixins` and `actions` as a
 * category collection (JSON §3.4); each keeps its top-level member, so the
 * parsers' pointers stay right.
 */
function parseModel(rendering: Rendering, payload: Payload, context: ParseContext): ModelDocument {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(payload.body) as Record<string, unknown>;
  } catch (error) {
    throw new ParseProblem([
      { code: 'parse-error', message: `invalid JSON: ${(error as Error).message}`, pointer: '' },
    ]);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new ParseProblem([{ code: 'parse-error', message: 'a model document is an object', pointer: '' }]);
  const part = (members: readonly string[]) =>
    JSON.stringify(Object.fromEntries(members.filter((m) => m in document).map((m) => [m, document[m]])));
  const unknown = Object.keys(document).filter((k) => !MODEL_MEMBERS.includes(k));
  if (unknown.length > 0)
    throw new ParseProblem(
      unknown.map((k) => ({
        code: 'parse-error',
        message: `unknown member "${k}" of a model document (members: ${MODEL_MEMBERS.join(', ')})`,
        pointer: `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      })),
    );
  const { entities } = rendering.parseEntityCollection({ headers: {}, body: part(ENTITY_MEMBERS) }, context);
  const categories = rendering.parseCategories({ headers: {}, body: part(CATEGORY_MEMBERS) }, context);
  return { entities, categories };
}

function parseOnce(rendering: Rendering, type: MessageType, payload: Payload, context: ParseContext): Parsed {
  switch (type) {
    case 'entity':
    case 'update':
      return { type, value: rendering.parseEntity(payload, context) };
    case 'collection':
      return { type, value: rendering.parseEntityCollection(payload, context) };
    case 'categories':
      return { type, value: rendering.parseCategories(payload, context) };
    case 'action':
      return { type, value: rendering.parseActionInvocation(payload, context) };
    case 'model':
      return { type, value: parseModel(rendering, payload, context) };
  }
}

/**
 * JSON §3.1.1, §3.1.2: `actions` lists the actions applicable to an entity,
 * the server's to say; a server's parser ignores them in a request. `occi
 * parse` reads any message, answers too: they are kept, as given.
 */
function keepActions(draft: EntityDraft, object: unknown): void {
  if (typeof object !== 'object' || object === null) return;
  const { actions, links } = object as { actions?: unknown; links?: unknown };
  if (Array.isArray(actions) && actions.every((a) => typeof a === 'string')) draft.actions = [...actions];
  if (Array.isArray(links))
    draft.links?.forEach((l, j) => {
      keepActions(l as EntityDraft, links[j]);
    });
}

function withActions(parsed: Parsed, body: string): Parsed {
  let document: { resources?: unknown; links?: unknown };
  try {
    document = JSON.parse(body) as typeof document;
  } catch {
    return parsed;
  }
  if (parsed.type === 'entity' || parsed.type === 'update') keepActions(parsed.value, document);
  else if (parsed.type === 'collection' || parsed.type === 'model') {
    const list = (v: unknown) => (Array.isArray(v) ? v : []);
    const objects = [...list(document.resources), ...list(document.links)];
    parsed.value.entities.forEach((e, i) => {
      keepActions(e, objects[i]);
    });
  }
  return parsed;
}

function problemsOf(error: unknown): Problem[] {
  const problems = (error as { problems?: unknown }).problems;
  if (Array.isArray(problems) && problems.length > 0) return problems as Problem[];
  return [{ code: 'parse-error', message: error instanceof Error ? error.message : String(error) }];
}

/** The input line of a problem a rendering reports by body line (text/plain) or header field (text/occi). */
export function inputLineOf(message: RawMessage, p: Problem): number | undefined {
  if (message.format === 'plain' && typeof p.line === 'number') return message.bodyLine + p.line - 1;
  if (message.format === 'occi') {
    const field = (p.field ?? /^header field "([A-Za-z-]+)"/.exec(p.message)?.[1])?.toLowerCase();
    if (field !== undefined) return message.fieldLines.get(field);
  }
  return undefined;
}

/** Adds a finding unless the same one is there already (every parse attempt reports the warnings again). */
export function addFinding(findings: Finding[], finding: Finding): void {
  const same = (f: Finding) =>
    f.message === finding.message &&
    f.inputLine === finding.inputLine &&
    f.pointer === finding.pointer &&
    !f.warning === !finding.warning;
  if (!findings.some(same)) findings.push(finding);
}

/**
 * Parses the message; on a problem, leaves out the line (text/plain) or
 * field (text/occi) it is on and parses again, to report every problem.
 * `parsed` is there only when the message parsed without an error.
 */
export function checkMessage(
  rendering: Rendering,
  type: MessageType,
  message: RawMessage,
  model: Model,
  baseUrl: string,
): { parsed?: Parsed; findings: Finding[] } {
  const findings: Finding[] = [];
  const headers: Record<string, string | string[] | undefined> = { ...message.payload.headers };
  const bodyLines = message.payload.body.split(/\r?\n/);
  let errors = false;
  for (let attempt = 0; attempt < 100; attempt++) {
    const warnings: Problem[] = [];
    const context: ParseContext = { model, baseUrl, warnings };
    let parsed: Parsed | undefined;
    let problems: Problem[] = [];
    try {
      parsed = parseOnce(rendering, type, { headers, body: bodyLines.join('\n') }, context);
    } catch (error) {
      problems = problemsOf(error);
    }
    for (const w of warnings) {
      const inputLine = inputLineOf(message, w);
      addFinding(findings, { ...w, ...(inputLine !== undefined ? { inputLine } : {}), warning: true });
    }
    if (parsed !== undefined) {
      if (errors) return { findings };
      return {
        parsed: message.format === 'json' ? withActions(parsed, message.payload.body) : parsed,
        findings,
      };
    }
    errors = true;
    let progressed = false;
    for (const p of problems) {
      const finding: Finding = { ...p };
      const inputLine = inputLineOf(message, p);
      if (inputLine !== undefined) finding.inputLine = inputLine;
      if (message.format === 'plain' && typeof p.line === 'number' && bodyLines[p.line - 1] !== undefined) {
        if (bodyLines[p.line - 1] !== '') {
          bodyLines[p.line - 1] = '';
          progressed = true;
        }
      } else if (message.format === 'occi') {
        const field = (p.field ?? /^([A-Za-z-]+)[: ]/.exec(p.message)?.[1])?.toLowerCase();
        if (field !== undefined && headers[field] !== undefined) {
          finding.inputLine ??= message.fieldLines.get(field);
          delete headers[field];
          progressed = true;
        }
      }
      addFinding(findings, finding);
    }
    if (!progressed) return { findings };
  }
  return { findings };
}
