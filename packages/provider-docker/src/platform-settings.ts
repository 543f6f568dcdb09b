/**
 * Where applications answer (Platform §3.1 `occi.app.url`): the port of
 * the application's container published on the host, on loopback unless
 * the operator says otherwise, and the URL made of it (or of the operator's
 * template, for applications behind the operator's proxy).
 */
import { createConnection, createServer } from 'node:net';
import { dnsLabel } from '@occi/platform';
import type { PlatformCatalogueDefinition } from './platform-templates.js';

export interface PlatformOptions {
  /** Application templates and database flavours declared by the operator, beside the labelled images. */
  templates?: PlatformCatalogueDefinition;
  /** The term of the application template of an application (or component) created without one. */
  defaultTemplate?: string;
  /** The host address applications' ports are published on; default 127.0.0.1 (loopback). */
  publishAddress?: string;
  /**
   * `occi.app.url` of an application: a URL with `{port}` (the published
   * port) and/or `{name}` (the application's name as a DNS label and 8 hex
   * digits of its id); default `http://<publishAddress>:{port}/`.
   */
  url?: string;
  /** Seconds creation and start wait for an application's port to answer; default 30. */
  readyTimeoutSeconds?: number;
}

/** Refuses a URL template that is no http(s) URL, or that gives every application the same URL. */
export function checkUrlTemplate(template: string): void {
  if (!template.includes('{port}') && !template.includes('{name}'))
    throw new Error(`${template} has neither {port} nor {name}: every application would get the same URL`);
  let url: URL;
  try {
    url = new URL(template.replaceAll('{port}', '1').replaceAll('{name}', 'app-0'));
  } catch {
    throw new Error(`${template} is not a URL (with {port} or {name} filled in)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${template} is not an http or https URL`);
}

/** Eight hex digits of an id (`urn:uuid:4f…` → `4f…`). */
export function shortId(id: string): string {
  const hex = id
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/[^0-9a-f]/g, '');
  return (hex.length >= 8 ? hex : `${hex}00000000`).slice(0, 8);
}

/** An application's URL from the template: its published port, its name as a DNS label and its id. */
export function applicationUrl(
  template: string,
  application: { name: string; id: string; port: number },
): string {
  const label = `${dnsLabel(application.name) || 'app'}-${shortId(application.id)}`;
  return template.replaceAll('{port}', String(application.port)).replaceAll('{name}', label);
}

/** Where to check that a published port answers: the publish address, or the engine's host for "any". */
export function probeHost(publishAddress: string, engine: { origin: string; socketPath?: string }): string {
  if (publishAddress !== '0.0.0.0' && publishAddress !== '::' && publishAddress !== '') return publishAddress;
  if (engine.socketPath) return '127.0.0.1';
  return new URL(engine.origin).hostname.replace(/^\[|\]$/g, '');
}

/** A port free on `address` on this machine, or undefined when the address is not one of this machine's. */
export function freePort(address: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host: address === '' ? '0.0.0.0' : address, port: 0, exclusive: true }, () => {
      const bound = server.address();
      server.close(() => resolve(typeof bound === 'object' && bound ? bound.port : undefined));
    });
  });
}

/** Whether something accepts TCP connections at host:port (within a second). */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
