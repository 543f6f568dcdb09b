/**
 * What a rendering accepted although the document does not allow it lands
 * in `ParseContext.warnings`; `occi parse` reports each once (every parse
 * attempt records them again), at its input line or pointer, and
 * `--strict` makes them problems. Renderings that record such warnings are
 * stood in for here by wrappers around the real ones.
 */
import { Model, type ParseContext, type Problem, type Rendering } from '@occi/core';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain } from '@occi/render-text';
import { describe, expect, it } from 'vitest';
import { readMessage, validate } from '../../src/parse-message.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const COMPUTE = `Category: compute; scheme="${INFRA}"; class="kind"`;
const options = { model: Model.create([]), baseUrl: 'http://localhost' };

/** `rendering`, whose entity parser records `warning` first. */
function recording(rendering: Rendering, warning: Problem): Rendering {
  return {
    ...rendering,
    parseEntity(payload, context: ParseContext) {
      context.warnings?.push(warning);
      return rendering.parseEntity(payload, context);
    },
  };
}

describe('warnings of the renderings', () => {
  const standIn = {
    code: 'other',
    message: 'line 3: a stand-in for what a rendering notes',
    line: 3,
  } as const;

  it('text/plain: at the input line of the body line the rendering names', () => {
    const message = readMessage(
      `HTTP/1.1 200 OK\nContent-Type: text/plain\n\n${COMPUTE}\nLink: </network/1>; rel="${INFRA}network"\nX-OCCI-Attribute: occi.core.id="a"\n`,
    );
    const verdict = validate(recording(textPlain, standIn), 'entity', message, options);
    expect(verdict.errors).toEqual([]);
    expect(verdict.warnings).toEqual([{ ...standIn, inputLine: 6, warning: true }]);
    expect(verdict.parsed?.type).toBe('entity');
  });

  it('text/occi: at the line of the header field', () => {
    const warning = {
      code: 'other',
      message: 'header field "category": a stand-in',
      field: 'category',
    } as const;
    const message = readMessage(
      `HTTP/1.1 200 OK\r\nContent-Type: text/occi\r\nServer: x\r\n${COMPUTE}\r\n\r\nOK`,
    );
    const verdict = validate(recording(textOcci, warning), 'entity', message, options);
    expect(verdict.warnings).toEqual([{ ...warning, inputLine: 4, warning: true }]);
  });

  it('JSON: at its pointer', () => {
    const warning = { code: 'other', message: '/id: a stand-in', pointer: '/id' } as const;
    const verdict = validate(
      recording(jsonRendering, warning),
      'entity',
      readMessage(JSON.stringify({ kind: `${INFRA}compute`, id: 'urn:uuid:1' })),
      options,
    );
    expect(verdict.warnings).toEqual([{ ...warning, warning: true }]);
  });

  it('once, although an error made the message parse again; with the error', () => {
    const message = readMessage(`${COMPUTE}\nX-OCCI-Attribute occi.compute.cores=2\nX-OCCI-Attribute: a=1\n`);
    const verdict = validate(recording(textPlain, standIn), 'entity', message, options);
    expect(verdict.errors).toEqual([
      expect.objectContaining({
        inputLine: 2,
        message: 'line 2: expected "Name: value", found "X-OCCI-Attribute occi.compute.cores=2"',
      }),
    ]);
    expect(verdict.warnings).toEqual([{ ...standIn, inputLine: 3, warning: true }]);
    expect(verdict.parsed).toBeUndefined();
  });

  it('strict: warnings are errors, and the message is not valid', () => {
    const message = readMessage(`${COMPUTE}\nX-OCCI-Attribute: a=1\n`);
    const verdict = validate(recording(textPlain, standIn), 'entity', message, { ...options, strict: true });
    expect(verdict).toEqual({ errors: [{ ...standIn, inputLine: 3 }], warnings: [] });
  });
});
