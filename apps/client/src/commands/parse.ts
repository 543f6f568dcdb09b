/**
 * `occi parse [file]`: checks one OCCI message (a body, or for text/occi
 * the raw HTTP header section) against the rendering documents, and prints
 * it normalised, or each problem with its line. Exit code 0 when valid, 9
 * when valid with warnings (non-conformant but unambiguous), 1 when
 * invalid, 2 when it cannot tell what the message is.
 */
import { readFile } from 'node:fs/promises';
import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import {
  detectType,
  type Finding,
  MESSAGE_TYPES,
  type MessageType,
  normalised,
  readMessage,
  type Verdict,
  validate,
} from '../parse-message.js';

async function readInput(ctx: Context, file: string | undefined): Promise<{ text: string; source: string }> {
  if (file !== undefined && file !== '-') {
    try {
      return { text: await readFile(file, 'utf8'), source: file };
    } catch (error) {
      throw usageError(`cannot read ${file}: ${(error as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.streams.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return { text: Buffer.concat(chunks).toString('utf8'), source: '<stdin>' };
}

/** `file:3: message`, `file /pointer: message` or `file: message`; a warning says so. */
function findingLine(source: string, f: Finding): string {
  let message = f.message.replace(/^line \d+:\s*/, '');
  if (f.pointer !== undefined) {
    const prefix = `${f.pointer === '' ? '(document)' : f.pointer}: `;
    if (message.startsWith(prefix)) message = message.slice(prefix.length);
  }
  const where =
    f.inputLine !== undefined
      ? `${source}:${f.inputLine}`
      : f.pointer !== undefined && f.pointer !== ''
        ? `${source} ${f.pointer}`
        : f.field !== undefined
          ? `${source} ${f.field}`
          : source;
  return `${where}: ${f.warning ? 'warning: ' : ''}${message}`;
}

/** A parsed message as JSON: categories' attribute definitions are Maps. */
function plain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(verdict: Verdict, source: string, what: string): string {
  const { errors, warnings } = verdict;
  const counts =
    errors.length > 0
      ? `${plural(errors.length, 'problem')}${warnings.length > 0 ? ` and ${plural(warnings.length, 'warning')}` : ''}`
      : plural(warnings.length, 'warning');
  return `occi: ${counts} in ${source} (${what})\n`;
}

const HELP = `
What the message is (--as), guessed when not given:
  entity      an entity instance rendering: a create or replace request, a server's answer
              (GFD.229 §5.1, JSON §3.1); it names its kind
  update      a partial entity rendering (HTTP §8.3.1): any part of an entity
  collection  an entity collection (GFD.229 §5.3, JSON §3.3)
  categories  a category collection, or one category (GFD.229 §5.4, JSON §3.2, §3.4)
  action      an action invocation (GFD.229 §5.1.1.1, JSON §3.1.1.1)
  model       JSON only: the schema's "model" document, entities and categories together,
              which some implementations exchange; no HTTP exchange of OCCI carries it
Where the content cannot decide (no kind: an invalid entity or a valid update?), it says so
and exits 2: give --as.

The rendering is --rendering json|plain|occi, else the Content-Type of an HTTP message,
else JSON when the input starts with '{', else text/plain.

Exit codes: 0 valid; 9 valid with warnings (non-conformant but unambiguous, e.g. a JSON
entity without its id; --strict makes them problems); 1 invalid; 2 usage, or what the
message is cannot be told. A valid message is printed normalised, its warnings on stderr.
`;

export const register: Register = (program, act) => {
  program
    .command('parse')
    .argument('[file]', 'the message (default: standard input)')
    .description(
      'check one OCCI message (a body; for text/occi the raw HTTP headers) and print it normalised, or each problem with its line',
    )
    .option('--as <type>', `what the message is: ${MESSAGE_TYPES.join(', ')} (default: guessed)`)
    .option(
      '--check-model',
      "also check every entity, inline link, category and attribute against the endpoint's discovered model",
    )
    .option('--strict', 'warnings are problems: exit 1 instead of 9')
    .addHelpText(
      'after',
      `${HELP}${examples(
        'occi parse --rendering plain --as entity request.txt',
        "curl -si -H 'Accept: text/occi' http://other.example/compute/6df6… | occi parse --rendering occi",
        'occi parse --strict message.json --output json',
      )}`,
    )
    .action(
      act(async (ctx, [file], opts) => {
        const as = opts.as as MessageType | undefined;
        if (as !== undefined && !MESSAGE_TYPES.includes(as))
          throw usageError(`--as "${String(as)}" is not one of ${MESSAGE_TYPES.join(', ')}`);
        const { text, source } = await readInput(ctx, file);
        if (text.trim() === '') throw usageError(`${source} is empty: there is no message to parse`);
        const message = readMessage(text, ctx.settings.rendering);
        if (as === 'model' && message.format !== 'json')
          throw usageError(
            `--as model: the model document is the JSON schema's (GFD.225); ${message.format === 'occi' ? 'text/occi' : 'text/plain'} has none`,
          );
        const detection = as !== undefined ? { type: as } : detectType(message);
        if ('cannotTell' in detection)
          throw new CliError(
            EXIT.usage,
            `cannot tell what ${source} is: ${detection.cannotTell}; say --as ${MESSAGE_TYPES.join('|')}`,
          );
        const type = 'type' in detection ? detection.type : undefined;
        const [{ Model }, { textPlain, textOcci }, { jsonRendering }] = await Promise.all([
          import('@occi/core'),
          import('@occi/render-text'),
          import('@occi/render-json'),
        ]);
        const rendering = { json: jsonRendering, plain: textPlain, occi: textOcci }[message.format];
        const model = opts.checkModel ? await ctx.model() : Model.create([]);
        const baseUrl = ctx.settings.endpoint?.replace(/\/+$/, '') ?? 'http://localhost';
        const verdict: Verdict =
          type !== undefined
            ? validate(rendering, type, message, {
                model,
                baseUrl,
                checkModel: opts.checkModel === true,
                strict: opts.strict === true,
              })
            : // Not JSON, or not a JSON object: no reading accepts it.
              {
                errors: [
                  {
                    code: 'parse-error',
                    message: 'notOcci' in detection ? detection.notOcci : '',
                    pointer: '',
                  },
                ],
                warnings: [],
              };
        const { parsed, errors, warnings } = verdict;
        const what = type !== undefined ? `${message.format}, as ${type}` : message.format;
        if (ctx.output === 'json') {
          const report = ({ inputLine, warning: _w, ...p }: Finding) => ({
            ...p,
            ...(inputLine !== undefined ? { line: inputLine } : {}),
          });
          await ctx.printData({
            valid: errors.length === 0,
            rendering: message.format,
            as: type ?? null,
            ...(parsed ? { message: plain(parsed.value) } : {}),
            problems: errors.map(report),
            warnings: warnings.map(report),
          });
        } else if (errors.length > 0) {
          for (const f of [...errors, ...warnings]) ctx.print(`${findingLine(source, f)}\n`);
        } else if (parsed) {
          ctx.print(normalised(rendering, message, parsed, { model, baseUrl }));
          for (const f of warnings) ctx.warn(`${findingLine(source, f)}\n`);
        }
        if (errors.length === 0 && warnings.length === 0) return EXIT.ok;
        ctx.warn(summary(verdict, source, what));
        return errors.length > 0 ? EXIT.invalid : EXIT.warnings;
      }),
    );
};
