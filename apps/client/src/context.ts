/**
 * What every command gets: the settings, where to print and how, and the
 * client — created on first use, so commands that need no server (and
 * `--help`) never load undici or the renderings.
 */
import type { Model, Rendering } from '@occi/core';
import { type GlobalOptions, resolveSettings, type Settings } from './config.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import type { OcciClient } from './http-client.js';
import { type Style, styleFor, useColour } from './output.js';

export interface Streams {
  stdout: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export class Context {
  readonly settings: Settings;
  readonly style: Style;
  readonly streams: Streams;
  #client: OcciClient | undefined;

  constructor(globals: GlobalOptions, streams: Streams) {
    this.streams = streams;
    this.settings = resolveSettings(globals, streams.env);
    this.style = styleFor(useColour(streams.stdout, streams.env, globals.color));
  }

  get output() {
    return this.settings.output;
  }

  /** True when progress can be drawn (stderr is a terminal). */
  get interactive(): boolean {
    return this.streams.stderr.isTTY === true;
  }

  print(text: string): void {
    this.streams.stdout.write(text);
  }

  warn(text: string): void {
    this.streams.stderr.write(text);
  }

  async client(): Promise<OcciClient> {
    if (this.#client) return this.#client;
    const { endpoint, auth, rendering, timeoutMs } = this.settings;
    if (endpoint === undefined)
      throw usageError(
        'no endpoint: give --endpoint <url>, set OCCI_ENDPOINT, or choose a profile with an "endpoint" (--profile)',
      );
    // undici parses HTTP with llhttp in WebAssembly: V8 optimises hot wasm functions in the
    // background, and exiting waits for that (≈60 ms, more than a command's few responses
    // gain from it). The baseline compiler alone is enough; this process is the CLI's own.
    (await import('node:v8')).setFlagsFromString('--liftoff-only');
    const { createClient } = await import('./sdk.js');
    const version = (await import('./version.js')).VERSION;
    this.#client = createClient({
      endpoint,
      userAgent: `occi-cli/${version}`,
      ...(auth ? { auth } : {}),
      ...(rendering ? { rendering } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    return this.#client;
  }

  async model(): Promise<Model> {
    return (await this.client()).discover();
  }

  /** Where the entity named by a location, URL or id lives. */
  async locate(reference: string): Promise<string> {
    if (reference.startsWith('/') || /^https?:\/\//i.test(reference)) return reference;
    const client = await this.client();
    const { findById } = await import('./sdk.js');
    const location = await findById(client, reference);
    if (location === undefined)
      throw new CliError(
        EXIT.notFound,
        `no entity has the id ${reference} (nor is it a location: those start with /)`,
      );
    return location;
  }

  /** The text/plain rendering, for `--output text` (GFD.229 §6). */
  async textRendering(): Promise<Rendering> {
    return (await import('@occi/render-text')).textPlain;
  }

  async close(): Promise<void> {
    await this.#client?.close();
  }
}
