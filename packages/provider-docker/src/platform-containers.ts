/**
 * Applications and components (Platform §3.1, §3.2) as containers: made
 * from the image of their template and run by the engine's init; their
 * state read from the container's; their context (what they are and what
 * they reach through their component links) written into the container
 * as a file, whose URL is `occi.app.context`.
 */
import type { Entity } from '@occi/core';
import { conflict } from '@occi/core';
import type { ContainerState } from './container.js';
import { type ContainerInspect, containerOf } from './containers.js';
import type { DockerEngine } from './engine.js';
import { isEngineError } from './engine-client.js';
import { accepts, freePort } from './platform-settings.js';
import { tarArchive } from './tar.js';

const enc = encodeURIComponent;

/** On a platform container: the host name it answers to on the networks of its component links. */
export const HOST_LABEL = 'org.occi-ts.host';
/** On an application's container: its `occi.app.url`, for the operator's proxy to route by. */
export const APP_URL_LABEL = 'org.occi-ts.app.url';
/** On an application's container: the host port it is published on, kept by it when stopped too. */
export const HOST_PORT_LABEL = 'org.occi-ts.host-port';
/** Where the context is written in the container. */
export const CONTEXT_PATH = '/etc/occi/context';
/** `occi.app.context`: the URL of the context, as the application sees it. */
export const CONTEXT_URL = `file://${CONTEXT_PATH}`;

export interface PlatformContainer {
  reference: string;
  env: string[];
  /** The host name on its links' networks. */
  host: string;
  labels: Record<string, string>;
  /** The container port published on the host (applications)… */
  port?: number;
  /** …on this host port (`chooseHostPort`), or on one the engine chooses. */
  hostPort?: number;
}

/**
 * Creates the container of an application or component (not started):
 * the engine's init as its first process (signals reach the image's
 * command, zombies are reaped), the published port of an application on
 * the host port given (chosen by the caller, it stays the same across
 * stops and starts; an engine choosing one at each start may change it).
 * A component leaves the engine's default network: it is reached through
 * its links only. Answers the published host port.
 */
export async function createPlatformContainer(
  d: DockerEngine,
  entity: Entity,
  spec: PlatformContainer,
): Promise<number | undefined> {
  const location = entity.location!;
  const name = d.name(location);
  const hostConfig: Record<string, unknown> = { Init: true, NetworkMode: 'bridge' };
  const body: Record<string, unknown> = {
    Image: spec.reference,
    Env: spec.env,
    Labels: {
      ...spec.labels,
      [HOST_LABEL]: spec.host,
      ...(spec.hostPort !== undefined ? { [HOST_PORT_LABEL]: String(spec.hostPort) } : {}),
    },
    Hostname: spec.host,
    HostConfig: hostConfig,
  };
  const published = spec.port !== undefined ? `${spec.port}/tcp` : undefined;
  if (published) {
    const address = d.platform.publishAddress;
    const hostPort = spec.hostPort !== undefined ? String(spec.hostPort) : '';
    body.ExposedPorts = { [published]: {} };
    hostConfig.PortBindings = {
      [published]: [{ HostIp: address === '0.0.0.0' ? '' : address, HostPort: hostPort }],
    };
  }
  body.HostConfig = d.confined(hostConfig);
  try {
    // Neither the image nor the name is inspected beforehand: the engine's refusal tells.
    await d.client.request('POST', '/containers/create', {
      query: { name },
      json: body,
      doing: `create container ${name} from ${spec.reference}`,
    });
  } catch (error) {
    if (!isEngineError(error)) throw error;
    const taken = async () =>
      (await d.client.find(`/containers/${enc(name)}/json`, `inspect container ${name}`)) !== undefined;
    // A missing image is a 404; Podman answers a name in use with 500 rather than 409.
    if (isEngineError(error, 409) || (!isEngineError(error, 404) && (await taken())))
      throw conflict(
        'duplicate',
        `the engine already has a container named ${name} that OCCI does not know: remove it or use another location`,
        { location },
      );
    if (isEngineError(error, 404))
      throw conflict(
        'other',
        `the image ${spec.reference} of ${location} is no longer in the container engine`,
        {
          location,
        },
      );
    throw error;
  }
  if (!published) {
    await d.leaveDefaultNetwork(name);
    return undefined;
  }
  return publishedPort(await containerOf(d, location), published);
}

/**
 * A free port of this machine on the publish address for a new
 * application, not one another application keeps (a stopped container
 * holds no socket) nor one a creation of this process is about to take;
 * undefined when the address is another machine's (the engine chooses).
 * The caller releases it from `reserved` once its container is made.
 */
export async function chooseHostPort(d: DockerEngine, reserved: Set<number>): Promise<number | undefined> {
  const listed = await d.client.request<{ Labels?: Record<string, string> | null }[]>(
    'GET',
    '/containers/json',
    {
      query: { all: true, filters: JSON.stringify({ label: [HOST_PORT_LABEL] }) },
      doing: 'list the ports of applications',
    },
  );
  const kept = new Set(listed.map((c) => Number(c.Labels?.[HOST_PORT_LABEL])));
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort(d.platform.publishAddress);
    if (port === undefined) return undefined;
    if (kept.has(port) || reserved.has(port)) continue;
    reserved.add(port);
    return port;
  }
  return undefined;
}

/** The host port a container port is published on, as the engine reports it (before or after the start). */
export function publishedPort(container: ContainerInspect | undefined, port: string): number | undefined {
  const settings = container as
    | (ContainerInspect & {
        NetworkSettings?: { Ports?: Record<string, { HostPort?: string }[] | null> | null };
        HostConfig?: { PortBindings?: Record<string, { HostPort?: string }[] | null> | null };
      })
    | undefined;
  const bound =
    settings?.NetworkSettings?.Ports?.[port]?.[0]?.HostPort ||
    settings?.HostConfig?.PortBindings?.[port]?.[0]?.HostPort;
  return bound ? Number(bound) : undefined;
}

/** Starts (or unpauses) the container; a port the host has given away meanwhile is a conflict. */
export async function startPlatformContainer(d: DockerEngine, location: string): Promise<void> {
  const name = d.name(location);
  const container = await containerOf(d, location);
  if (!container) throw new Error(`its container ${name} was removed outside OCCI`);
  if (container.State.Paused) {
    await d.client.request('POST', `/containers/${enc(name)}/unpause`, {
      doing: `unpause container ${name}`,
    });
    return;
  }
  if (container.State.Running) return;
  try {
    await d.client.request('POST', `/containers/${enc(name)}/start`, { doing: `start container ${name}` });
  } catch (error) {
    if (isEngineError(error) && /address already in use|port is already allocated/i.test(error.engineMessage))
      throw conflict('other', `${location} cannot start: ${error.engineMessage}`, { location });
    throw error;
  }
}

export async function stopPlatformContainer(d: DockerEngine, location: string): Promise<void> {
  const name = d.name(location);
  await d.client.request('POST', `/containers/${enc(name)}/stop`, {
    query: { t: d.options.stopTimeoutSeconds },
    doing: `stop container ${name}`,
  });
}

/** Why a container that should run does not, or undefined while it runs. */
export function notRunning(state: ContainerState, what: string): string | undefined {
  if (state.Running || state.Status === 'running') return undefined;
  if (state.OOMKilled) return `the ${what} was killed: out of memory`;
  if (state.Error) return state.Error;
  return `the ${what}'s process exited with code ${state.ExitCode ?? '?'} (see the engine's logs of its container)`;
}

/**
 * The platform state of a container (STATE-MACHINES.md, Platform):
 * running → active; paused outside OCCI → inactive; stopped → inactive,
 * unless it stopped by itself while active with a failure (an exit code
 * other than 0 or a stop's signal, out of memory, dead) → error.
 */
export function platformState(
  state: ContainerState,
  stored: unknown,
  what: string,
): { state: 'active' | 'inactive' | 'error'; message?: string } {
  if (state.Paused || state.Status === 'paused')
    return { state: 'inactive', message: `the ${what}'s container was paused outside OCCI` };
  if (state.Running || state.Status === 'running' || state.Status === 'restarting')
    return { state: 'active' };
  const failed =
    state.Dead ||
    state.Status === 'dead' ||
    state.OOMKilled ||
    Boolean(state.Error) ||
    ![0, 130, 137, 143, undefined].includes(state.ExitCode);
  if (failed && stored !== 'inactive') return { state: 'error', message: notRunning(state, what)! };
  return { state: 'inactive' };
}

/**
 * Waits until an application's published port accepts connections, up to
 * the configured time; answers why it will not when its container stopped
 * meanwhile. A port still closed at the deadline is no failure: the
 * process runs, and may be slow to listen.
 */
export async function waitUntilServing(
  d: DockerEngine,
  location: string,
  port: number | undefined,
): Promise<string | undefined> {
  const deadline = Date.now() + d.platform.readyTimeoutSeconds * 1000;
  for (;;) {
    const container = await containerOf(d, location);
    if (!container) return 'its container was removed outside OCCI';
    const why = notRunning(container.State, 'application');
    if (why) return why;
    if (port === undefined || (await accepts(d.platform.probeHost, port))) return undefined;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs a shell command in a running container; answers its exit code and output. */
export async function execIn(
  d: DockerEngine,
  location: string,
  command: string,
  env: string[],
  doing: string,
): Promise<{ exitCode: number; output: string }> {
  const name = d.name(location);
  const exec = await d.client.request<{ Id: string }>('POST', `/containers/${enc(name)}/exec`, {
    json: { Cmd: ['/bin/sh', '-c', command], Env: env, AttachStdout: true, AttachStderr: true, Tty: true },
    doing,
  });
  const output = await d.client.request<unknown>('POST', `/exec/${enc(exec.Id)}/start`, {
    json: { Detach: false, Tty: true },
    doing,
  });
  const done = await d.client.request<{ ExitCode?: number | null }>('GET', `/exec/${enc(exec.Id)}/json`, {
    doing,
  });
  return { exitCode: done.ExitCode ?? 0, output: typeof output === 'string' ? output.trim() : '' };
}

/** The context file: `NAME='value'` lines a shell can source and dotenv readers read. */
export function contextFile(entries: readonly (readonly [string, string])[]): string {
  return entries.map(([name, value]) => `${name}='${value.replaceAll("'", `'\\''`)}'\n`).join('');
}

/** Writes the context file into the container (running or not). */
export async function writeContext(
  d: DockerEngine,
  location: string,
  entries: readonly (readonly [string, string])[],
): Promise<void> {
  const name = d.name(location);
  await d.client.request('PUT', `/containers/${enc(name)}/archive`, {
    query: { path: '/' },
    tar: tarArchive([
      { type: 'directory', path: 'etc', mode: 0o755 },
      { type: 'directory', path: 'etc/occi', mode: 0o755 },
      { type: 'file', path: CONTEXT_PATH.slice(1), content: contextFile(entries), mode: 0o644 },
    ]),
    doing: `write the context of ${location} into container ${name}`,
  });
}

/** Removes the container with its anonymous volumes (a database's data goes with its component). */
export async function removePlatformContainer(d: DockerEngine, location: string): Promise<void> {
  if (!(await containerOf(d, location))) return;
  const name = d.name(location);
  await d.remove(`/containers/${enc(name)}`, `remove container ${name}`, location, { force: true, v: true });
}
