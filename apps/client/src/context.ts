/**
 * What every command gets: the settings, where to print and how, and the
 * client — created on first use, so commands that need no server (and
 * `--help`) never load undici or the renderings — which starts from what
 * earlier runs learnt about the endpoint (learnt.ts) and keeps what it
 * learns.
 */
import type { Model, Rendering } from '@occi/core';
import { type GlobalOptions, resolveSettings, type Settings } from './config.js';
import { type LoadedConfig, loadConfig } from './config-file.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import type { Credentials, Learnt, OcciClient } from './http-client.js';
import { learntPath, readLearnt, saveLearnt } from './learnt.js';
import { type Style, styleFor, useColour } from './output.js';
import { baseFormat, formatData, namedColumns, type OutputSpec, parseOutput } from './output-format.js';

export interface Streams {
  stdout: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export class Context {
  readonly globals: GlobalOptions;
  readonly style: Style;
  readonly streams: Streams;
  /** The site (a profile of `--sites`) this context talks to, when the command spans several. */
  readonly site: string | undefined;
  #config: LoadedConfig | undefined;
  #settings: Settings | undefined;
  #client: OcciClient | undefined;
  readonly #sites = new Map<string, Context>();
  /** What earlier runs learnt about the endpoint, where it is kept, and whether this run learns it again. */
  #learnt: { path: string; before: Learnt | undefined; relearn: boolean; discovered: boolean } | undefined;

  constructor(
    globals: GlobalOptions,
    streams: Streams,
    options: { site?: string; config?: LoadedConfig } = {},
  ) {
    this.globals = globals;
    this.streams = streams;
    this.site = options.site;
    this.#config = options.config;
    this.style = styleFor(useColour(streams.stdout, streams.env, globals.color));
  }

  /** The config file, read (and its warnings printed) on first use: commands that need none never read it. */
  get config(): LoadedConfig {
    if (!this.#config) {
      this.#config = loadConfig(this.globals, this.streams.env);
      for (const warning of this.#config.warnings) this.warn(warning);
    }
    return this.#config;
  }

  /** The config file for a command that writes it (`occi config`, `occi login`): it may not exist yet. */
  get configForWriting(): LoadedConfig {
    if (!this.#config) {
      this.#config = loadConfig(this.globals, this.streams.env, true);
      for (const warning of this.#config.warnings) this.warn(warning);
    }
    return this.#config;
  }

  /**
   * The format the output flags alone ask for (`occi config`, `occi login`:
   * about the file, whatever output its profiles prefer).
   */
  get flagOutput(): 'table' | 'json' | 'text' {
    const { output, columns } = this.globals;
    if (columns !== undefined) return 'json';
    if (output === undefined) return 'table';
    return baseFormat(typeof output === 'string' ? parseOutput(output) : output);
  }

  get settings(): Settings {
    this.#settings ??= resolveSettings(this.globals, this.streams.env, this.config);
    return this.#settings;
  }

  /** What the output flags ask for (see output-format.ts). */
  get outputSpec(): OutputSpec {
    return this.settings.output;
  }

  /** The format a command prints in: its own table or text, else JSON (from which yaml, name, columns, jsonpath are made). */
  get output(): 'table' | 'json' | 'text' {
    return baseFormat(this.settings.output);
  }

  /** Prints a result that `-o json` prints as `value`, in the format asked for; `items`: its rows (default: the array's elements). */
  async printData(value: unknown, items?: readonly unknown[]): Promise<void> {
    this.print(await formatData(this.#dataSpec(), value, this.style, items));
  }

  /** The output spec of printData: the flags' alone for commands about the config file. */
  #dataSpec(): OutputSpec {
    if (!this.#flagsOnly) return this.outputSpec;
    const { output, columns } = this.globals;
    if (columns !== undefined) return namedColumns(columns);
    return typeof output === 'string' ? parseOutput(output) : (output ?? { format: 'json' });
  }

  #flagsOnly = false;

  /** From now on, output follows the flags alone (see flagOutput). */
  useFlagOutput(): void {
    this.#flagsOnly = true;
  }

  /** The context of one site of `--sites` (a profile), sharing this one's config file and streams. */
  forSite(name: string): Context {
    let site = this.#sites.get(name);
    if (!site) {
      const {
        endpoint: _e,
        user: _u,
        password: _p,
        token: _t,
        sites: _s,
        columns: _c,
        ...rest
      } = this.globals;
      // Printed as this command prints, whatever output the site's profile prefers.
      site = new Context({ ...rest, output: this.outputSpec, profile: name }, this.streams, {
        site: name,
        config: this.config,
      });
      this.#sites.set(name, site);
    }
    return site;
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

  /**
   * The client of the endpoint. `relearn`: discover without what earlier
   * runs learnt about the endpoint (`occi discover`), and keep what this
   * discovery learns instead.
   */
  async client(options: { relearn?: boolean } = {}): Promise<OcciClient> {
    if (this.#client) return this.#client;
    const { endpoint, rendering, timeoutMs } = this.settings;
    if (endpoint === undefined)
      throw usageError(
        this.site !== undefined
          ? `profile "${this.site}" has no "endpoint"`
          : 'no endpoint: give --endpoint <url>, set OCCI_ENDPOINT, or choose a profile with an "endpoint" (--profile)',
      );
    const auth = await this.#credentials(endpoint);
    // undici parses HTTP with llhttp in WebAssembly: V8 optimises hot wasm functions in the
    // background, and exiting waits for that (≈60 ms, more than a command's few responses
    // gain from it). The baseline compiler alone is enough; this process is the CLI's own.
    (await import('node:v8')).setFlagsFromString('--liftoff-only');
    const { createClient } = await import('./sdk.js');
    const version = (await import('./version.js')).VERSION;
    const path = learntPath(this.streams.env);
    const before = readLearnt(path, endpoint);
    const relearn = options.relearn === true;
    this.#learnt = { path, before, relearn, discovered: false };
    this.#client = createClient({
      endpoint,
      userAgent: `occi-cli/${version}`,
      ...(auth ? { auth } : {}),
      ...(rendering ? { rendering } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(before && !relearn ? { learnt: before } : {}),
    });
    return this.#client;
  }

  /** The credentials of the settings; a user's password is asked for on a terminal when none is given. */
  async #credentials(endpoint: string): Promise<Credentials | undefined> {
    const { auth, userWithoutPassword: user } = this.settings;
    if (auth || user === undefined) return auth;
    const { isTerminal, readSecret } = await import('./prompt.js');
    if (!isTerminal(this.streams))
      throw usageError(
        `user "${user}" needs a password: give --password, OCCI_PASSWORD or "password" in the profile (occi login keeps it there), or run occi on a terminal to be asked for it`,
      );
    return {
      type: 'basic',
      user,
      password: await readSecret(this.streams, `Password for ${user} at ${endpoint}: `),
    };
  }

  /** The model the endpoint offers (HTTP §7.1); `relearn` as for `client()`. */
  async model(options: { relearn?: boolean } = {}): Promise<Model> {
    const model = await (await this.client(options)).discover();
    if (this.#learnt) this.#learnt.discovered = true;
    return model;
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
    for (const site of this.#sites.values()) await site.close();
    if (this.#client) this.#keepLearnt(this.#client);
    await this.#client?.close();
  }

  /** Keeps what the client learnt about its endpoint, when that changed; says so when it learnt something. */
  #keepLearnt(client: OcciClient): void {
    const state = this.#learnt;
    if (!state) return;
    const now = client.learnt();
    // Relearning forgets only after a discovery: a failed one teaches nothing.
    if (now === undefined && state.relearn && !state.discovered) return;
    if (now?.discoveredIn === state.before?.discoveredIn) return;
    const kept = saveLearnt(state.path, client.endpoint, now);
    if (now !== undefined)
      this.warn(
        `occi: note: ${client.endpoint}: discovery could not be read in the renderings preferred over ${now.discoveredIn}; occi asks for ${now.discoveredIn} first from now on${kept ? ` (kept in ${state.path})` : ''}
`,
      );
  }
}
