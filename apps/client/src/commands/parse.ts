/**
 * `occi parse [file]`: checks one OCCI message (a body, or for text/occi
 * the raw HTTP header section) against the rendering documents, and prints
 * it normalised, or each problem with its line. Exit code 0 only when valid.
 */
import { readFile } from 'node:fs/promises';
import type { Entity, HeaderFields, Payload, Rendering } from '@occi/core';
import { examples, type Register } from '../command.js';
import type { WireFormat } from '../config.js';
import type { Context } from '../context.js';
import { EXIT, usageError } from '../exit-codes.js';
import { json } from '../output.js';
import {
  checkAgainstModel,
  checkMessage,
  detectType,
  type Finding,
  MESSAGE_TYPES,
  type MessageType,
  type Parsed,
  readMessage,
} from '../parse-message.js';

const HEADER_NAMES: Record<string, string> = {
  category: 'Category',
  link: 'Link',
  'x-occi-attribute': 'X-OCCI-Attribute',
  'x-occi-location': 'X-OCCI-Location',
};

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

function headerText(headers: HeaderFields): string {
  let out = '';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const display =
      HEADER_NAMES[name] ?? name.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
    for (const v of Array.isArray(value) ? value : [value]) out += `${display}: ${v}\n`;
  }
  return out;
}

/** The message written again by the rendering's own writer. */
function normalised(
  rendering: Rendering,
  format: WireFormat,
  parsed: Parsed,
  context: Parameters<Rendering['renderEntity']>[1],
): string {
  let payload: Payload;
  switch (parsed.type) {
    case 'entity': {
      const draft = parsed.value;
      payload = rendering.renderEntity(
        {
          ...draft,
          id: draft.id ?? '',
          mixins: draft.mixins ?? [],
          attributes: draft.attributes ?? {},
        } as Entity,
        context,
      );
      if (draft.id === undefined) {
        // A draft (a create request) has no id; the writers expect one.
        const dropId = (v: string) =>
          v.replace(/(^|, )occi\.core\.id=""(, )?/, (_m, a: string, b: string | undefined) =>
            a && b ? ', ' : '',
          );
        payload = {
          headers: Object.fromEntries(
            Object.entries(payload.headers).map(([k, v]) => [k, typeof v === 'string' ? dropId(v) : v]),
          ),
          body: payload.body
            .split(/\r?\n/)
            .filter((l) => !/^X-OCCI-Attribute:\s*occi\.core\.id=""$/i.test(l))
            .join('\n')
            .replace(/"id":"",?/, ''),
        };
        for (const [k, v] of Object.entries(payload.headers)) if (v === '') delete payload.headers[k];
      }
      break;
    }
    case 'collection': {
      const { entities, locations } = parsed.value;
      if (format === 'json') payload = rendering.renderEntityCollection(entities as Entity[], context);
      else if (format === 'occi')
        payload = {
          headers:
            locations.length > 0
              ? {
                  'x-occi-location': locations
                    .map((l) => (l.startsWith('/') ? context.baseUrl + l : l))
                    .join(', '),
                }
              : {},
          body: 'OK',
        };
      else
        payload = {
          headers: {},
          body: locations
            .map((l) => `X-OCCI-Location: ${l.startsWith('/') ? context.baseUrl + l : l}`)
            .join('\n'),
        };
      break;
    }
    case 'categories':
      payload = rendering.renderCategories(parsed.value, context);
      break;
    default: {
      const { action, attributes } = parsed.value;
      const hash = action.lastIndexOf('#');
      if (format === 'json') payload = { headers: {}, body: JSON.stringify({ action, attributes }) };
      else {
        const category = `${action.slice(hash + 1)}; scheme="${action.slice(0, hash + 1)}"; class="action"`;
        const attrs = Object.entries(attributes).map(
          ([k, v]) => `${k}=${JSON.stringify(typeof v === 'object' ? JSON.stringify(v) : v)}`,
        );
        payload =
          format === 'occi'
            ? {
                headers: { category, ...(attrs.length > 0 ? { 'x-occi-attribute': attrs.join(', ') } : {}) },
                body: 'OK',
              }
            : {
                headers: {},
                body: [`Category: ${category}`, ...attrs.map((a) => `X-OCCI-Attribute: ${a}`)].join('\n'),
              };
      }
    }
  }
  if (format === 'json') return json(JSON.parse(payload.body));
  if (format === 'occi') return headerText(payload.headers);
  return `${payload.body.replace(/\r\n/g, '\n').replace(/\n+$/, '')}\n`;
}

function findingLine(source: string, f: Finding): string {
  const message = f.message.replace(/^line \d+:\s*/, '');
  const where =
    f.inputLine !== undefined
      ? `${source}:${f.inputLine}`
      : f.pointer !== undefined
        ? `${source} ${f.pointer || '/'}`
        : f.field !== undefined
          ? `${source} ${f.field}`
          : source;
  return `${where}: ${message}`;
}

export const register: Register = (program, act) => {
  program
    .command('parse')
    .argument('[file]', 'the message (default: standard input)')
    .description(
      'check one OCCI message (a body; for text/occi the raw HTTP headers) and print it normalised, or each problem with its line',
    )
    .option('--as <type>', 'what the message is: entity, collection, categories or action (default: guessed)')
    .option('--check-model', "also check categories and attributes against the endpoint's discovered model")
    .addHelpText(
      'after',
      `\nThe rendering is --rendering json|plain|occi, else the Content-Type of an HTTP message,
else JSON when the input starts with '{', else text/plain.
${examples(
  'occi parse --rendering plain --as entity request.txt',
  "curl -si -H 'Accept: text/occi' http://other.example/compute/1 | occi parse --rendering occi",
  'occi parse message.json --output json',
)}`,
    )
    .action(
      act(async (ctx, [file], opts) => {
        if (opts.as !== undefined && !MESSAGE_TYPES.includes(opts.as as MessageType))
          throw usageError(`--as "${String(opts.as)}" is not one of ${MESSAGE_TYPES.join(', ')}`);
        const { text, source } = await readInput(ctx, file);
        if (text.trim() === '') throw usageError(`${source} is empty: there is no message to parse`);
        const message = readMessage(text, ctx.settings.rendering);
        const type = (opts.as as MessageType | undefined) ?? detectType(message);
        const [{ Model }, { textPlain, textOcci }, { jsonRendering }] = await Promise.all([
          import('@occi/core'),
          import('@occi/render-text'),
          import('@occi/render-json'),
        ]);
        const rendering = { json: jsonRendering, plain: textPlain, occi: textOcci }[message.format];
        const model = opts.checkModel ? await ctx.model() : Model.create([]);
        const baseUrl = ctx.settings.endpoint?.replace(/\/+$/, '') ?? 'http://localhost';
        const { parsed, findings } = checkMessage(rendering, type, message, model, baseUrl);
        if (parsed && opts.checkModel) findings.push(...checkAgainstModel(parsed, model));
        if (ctx.output === 'json') {
          ctx.print(
            json({
              valid: findings.length === 0,
              rendering: message.format,
              as: type,
              ...(findings.length === 0 && parsed ? { message: parsed.value } : {}),
              problems: findings.map(({ inputLine, ...p }) => ({
                ...p,
                ...(inputLine !== undefined ? { line: inputLine } : {}),
              })),
            }),
          );
        } else if (findings.length > 0) {
          for (const f of findings) ctx.print(`${findingLine(source, f)}\n`);
        } else if (parsed) {
          ctx.print(normalised(rendering, message.format, parsed, { model, baseUrl }));
        }
        if (findings.length > 0) {
          ctx.warn(
            `occi: ${findings.length} problem${findings.length > 1 ? 's' : ''} in ${source} (${message.format}, as ${type})\n`,
          );
          return EXIT.invalid;
        }
        return EXIT.ok;
      }),
    );
};
