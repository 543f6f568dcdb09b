/**
 * `occi parse`: reads one OCCI message as another server or client wrote
 * it, checks it with the renderings of GFD.229 (text/plain, text/occi) and
 * GFD.225 (JSON) and with its own checks of what the documents require, and
 * reports every problem (invalid) and every warning (non-conformant but
 * unambiguous) with its line or JSON pointer. One concern per file under
 * `parse/`:
 *
 * - `raw-message.ts`: the input, an HTTP message or a bare body, and where its fields are;
 * - `message-type.ts`: what the message is (`--as`), or why it cannot tell;
 * - `check-message.ts`: the renderings' parse, every problem, their warnings;
 * - `conformance.ts`: the checks of its own;
 * - `model-check.ts`: `--check-model`;
 * - `positions.ts`: JSON pointers and input lines;
 * - `normalise.ts`: the valid message written again.
 */
import type { Model, Rendering } from '@occi/core';
import { checkMessage, type Finding, type Parsed } from './parse/check-message.js';
import { checkConformance } from './parse/conformance.js';
import type { MessageType } from './parse/message-type.js';
import { checkAgainstModel } from './parse/model-check.js';
import { textLineOf } from './parse/positions.js';
import type { RawMessage } from './parse/raw-message.js';

export type { Finding, Parsed } from './parse/check-message.js';
export { type Detection, detectType, MESSAGE_TYPES, type MessageType } from './parse/message-type.js';
export { normalised } from './parse/normalise.js';
export { type RawMessage, readMessage } from './parse/raw-message.js';

/** What `occi parse` says of a message. */
export interface Verdict {
  /** The message as read, when it has no error. */
  parsed?: Parsed;
  /** What makes the message invalid (warnings too, under `strict`). */
  errors: Finding[];
  /** What is non-conformant but unambiguous. */
  warnings: Finding[];
}

export interface CheckOptions {
  model: Model;
  baseUrl: string;
  /** Check categories, attributes and values against `model` (a server's). */
  checkModel?: boolean;
  /** Warnings are errors. */
  strict?: boolean;
}

/** Findings without a line first (they are about the whole message), then by input line. */
function byLine(a: Finding, b: Finding): number {
  return (a.inputLine ?? 0) - (b.inputLine ?? 0);
}

/** Checks one message of type `type`: the rendering's parse, the checks of its own, the model. */
export function validate(
  rendering: Rendering,
  type: MessageType,
  message: RawMessage,
  options: CheckOptions,
): Verdict {
  const { model, baseUrl } = options;
  const { parsed, findings } = checkMessage(rendering, type, message, model, baseUrl);
  if (parsed !== undefined) {
    findings.push(...checkConformance(parsed, message));
    if (options.checkModel) findings.push(...checkAgainstModel(parsed, model, message));
  }
  if (message.format !== 'json')
    for (const f of findings) {
      // A text message has lines, not JSON pointers.
      delete f.pointer;
      f.inputLine ??= textLineOf(message, f);
      if (f.inputLine === undefined) delete f.inputLine;
    }
  if (options.strict) for (const f of findings) delete f.warning;
  const errors = findings.filter((f) => !f.warning).sort(byLine);
  const warnings = findings.filter((f) => f.warning).sort(byLine);
  return errors.length === 0 && parsed !== undefined ? { parsed, errors, warnings } : { errors, warnings };
}
