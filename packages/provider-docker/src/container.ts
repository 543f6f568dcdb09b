/**
 * Compute (Infrastructure §3.1) as a container: the container's
 * configuration from the compute's attributes, and the compute's state from
 * the container's.
 */
import type { Entity } from '@occi/core';
import { badRequest } from '@occi/core';
import { type TarEntry, tarArchive } from './tar.js';

/** The container state as `GET /containers/{id}/json` reports it. */
export interface ContainerState {
  Status: string;
  Running?: boolean;
  Paused?: boolean;
  Dead?: boolean;
  OOMKilled?: boolean;
  ExitCode?: number;
  Error?: string;
}

export interface ComputeState {
  state: 'active' | 'inactive' | 'suspended' | 'error';
  /** Set for `error`: the engine's explanation. */
  message?: string;
}

/**
 * The compute state of a container: running → active, paused → suspended,
 * created/exited/stopped → inactive, dead, killed for memory or failed to
 * start (the engine reports an error) → error with the engine's message.
 */
export function computeState(state: ContainerState): ComputeState {
  const status = state.Status.toLowerCase();
  if (status === 'paused' || state.Paused) return { state: 'suspended' };
  if (status === 'running' || status === 'restarting' || state.Running) return { state: 'active' };
  if (status === 'dead' || state.Dead)
    return {
      state: 'error',
      message: state.Error || 'the container is dead (the engine could not remove or stop it cleanly)',
    };
  if (state.OOMKilled)
    return { state: 'error', message: 'the container was killed: out of memory (occi.compute.memory)' };
  if (state.Error) return { state: 'error', message: state.Error };
  return { state: 'inactive' };
}

/** The last argument of the bootstrap: how a container's command is recognised as the provider's. */
export const BOOTSTRAP_NAME = 'occi-init';
/** Where the contextualisation script is placed in the container. */
export const USER_DATA_PATH = '/var/lib/occi/user-data';

/**
 * The container's entrypoint: runs the user_data script once (on the first
 * start of this compute: the marker holds the compute's id, so an image
 * saved from another compute runs its own), then the image's command, or
 * idles until stopped when the image has none.
 */
export const BOOTSTRAP = [
  `u=${USER_DATA_PATH}; m=${USER_DATA_PATH}.done`,
  'if [ -f "$u" ] && [ "$(cat "$m" 2>/dev/null)" != "$OCCI_INSTANCE" ]; then',
  '  echo "$OCCI_INSTANCE" > "$m"; chmod 755 "$u"; "$u" > "$u.log" 2>&1',
  'fi',
  'if [ $# -gt 0 ]; then exec "$@"; fi',
  "trap 'exit 0' TERM INT",
  'while :; do sleep 3600 & wait $!; done',
].join('\n');

/** The command an image runs, with the provider's bootstrap taken off (images saved by `save` carry it). */
export function imageCommand(config: { Entrypoint?: string[] | null; Cmd?: string[] | null }): string[] {
  const entrypoint = config.Entrypoint ?? [];
  const cmd = config.Cmd ?? [];
  if (entrypoint.at(-1) === BOOTSTRAP_NAME) return cmd;
  return [...entrypoint, ...cmd];
}

const GIB = 1024 ** 3;

/** Engine limits: what the host offers, from `GET /info`. */
export interface HostLimits {
  cpus: number;
  memoryBytes: number;
}

export interface ResourceLimits {
  NanoCpus: number;
  Memory: number;
  CpuShares: number;
}

function numberAttribute(entity: Entity, name: string): number | undefined {
  const value = entity.attributes[name];
  return typeof value === 'number' ? value : undefined;
}

/**
 * The container limits of a compute: cores → CPU limit, memory (GiB) →
 * memory limit, share → CPU shares; 0 means no limit. Values the host
 * cannot give are the client's mistake (400).
 */
export function resourceLimits(entity: Entity, host: HostLimits): ResourceLimits {
  const cores = numberAttribute(entity, 'occi.compute.cores');
  const memory = numberAttribute(entity, 'occi.compute.memory');
  const share = numberAttribute(entity, 'occi.compute.share');
  if (cores !== undefined && cores > host.cpus)
    throw badRequest(
      'attribute-pattern',
      `occi.compute.cores ${cores} exceeds the ${host.cpus} CPUs of the engine's host`,
      {
        attribute: 'occi.compute.cores',
      },
    );
  const bytes = memory !== undefined ? Math.round(memory * GIB) : 0;
  if (bytes > 0 && bytes < 6 * 1024 * 1024)
    throw badRequest(
      'attribute-pattern',
      `occi.compute.memory ${memory} GiB is below the engine's minimum of 6 MiB`,
      {
        attribute: 'occi.compute.memory',
      },
    );
  if (host.memoryBytes > 0 && bytes > host.memoryBytes)
    throw badRequest(
      'attribute-pattern',
      `occi.compute.memory ${memory} GiB exceeds the ${(host.memoryBytes / GIB).toFixed(1)} GiB of the engine's host`,
      { attribute: 'occi.compute.memory' },
    );
  if (share !== undefined && share === 1)
    throw badRequest(
      'attribute-pattern',
      'occi.compute.share must be 0 (the default) or at least 2 for the engine',
      {
        attribute: 'occi.compute.share',
      },
    );
  return {
    NanoCpus: cores !== undefined ? Math.round(cores * 1e9) : 0,
    Memory: bytes,
    CpuShares: share ?? 0,
  };
}

/**
 * The contextualisation script of `occi.compute.userdata`: the value as
 * given, or, when the value is base64 (as cloud clients often send it) of a
 * text starting with `#!`, its decoding.
 */
export function userDataScript(value: string): string {
  if (/^[A-Za-z0-9+/\s]+={0,2}\s*$/.test(value) && !value.startsWith('#!')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (decoded.startsWith('#!')) return decoded;
  }
  return value;
}

/**
 * The files the credentials and contextualization mixins place in the
 * container (Infrastructure §3.5.2.1, §3.5.2.2): root's authorized_keys and
 * the user_data script. Undefined when there is nothing to place.
 */
export function provisioningArchive(entity: Entity): Buffer | undefined {
  const key = entity.attributes['occi.credentials.ssh.publickey'];
  const userData = entity.attributes['occi.compute.userdata'];
  const entries: TarEntry[] = [];
  if (typeof key === 'string' && key.trim() !== '') {
    entries.push(
      { type: 'directory', path: 'root', mode: 0o700 },
      { type: 'directory', path: 'root/.ssh', mode: 0o700 },
      { type: 'file', path: 'root/.ssh/authorized_keys', content: `${key.trim()}\n`, mode: 0o600 },
    );
  }
  if (typeof userData === 'string' && userData !== '') {
    entries.push(
      { type: 'directory', path: 'var', mode: 0o755 },
      { type: 'directory', path: 'var/lib', mode: 0o755 },
      { type: 'directory', path: 'var/lib/occi', mode: 0o755 },
      { type: 'file', path: USER_DATA_PATH.slice(1), content: userDataScript(userData), mode: 0o755 },
    );
  }
  return entries.length > 0 ? tarArchive(entries) : undefined;
}
