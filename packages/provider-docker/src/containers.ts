/**
 * The container of a compute: made from the compute, its image and its
 * links (storage links are mounts, network interfaces connections), made
 * again when a stopped compute gains or loses a mount or changes what only
 * creation sets, and provisioned with the SSH key and user_data.
 */
import type { Entity } from '@occi/core';
import { badRequest, conflict, isOcciError, typeIdentifier } from '@occi/core';
import { NETWORKINTERFACE_KIND, STORAGELINK_KIND } from '@occi/infrastructure';
import {
  BOOTSTRAP,
  BOOTSTRAP_NAME,
  type ContainerState,
  provisioningArchive,
  resourceLimits,
} from './container.js';
import type { DockerEngine } from './engine.js';
import { isEngineError } from './engine-client.js';
import { LOCATION_LABEL } from './labels.js';
import { type Endpoint, endpointConfig } from './network-interface.js';
import { mountpointOf } from './storage-link.js';

const enc = encodeURIComponent;

export interface ContainerInspect {
  Id: string;
  Name?: string;
  Image?: string;
  State: ContainerState;
  Config: {
    Labels?: Record<string, string> | null;
    Hostname?: string;
    Env?: string[] | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
  };
  NetworkSettings?: { Networks?: Record<string, Endpoint> | null };
  Mounts?: { Name?: string; Destination?: string }[] | null;
}

/** The container of the compute at `location`; one of that name made for another entity is not it. */
export async function containerOf(d: DockerEngine, location: string): Promise<ContainerInspect | undefined> {
  const name = d.name(location);
  const container = await d.client.find<ContainerInspect>(
    `/containers/${enc(name)}/json`,
    `inspect container ${name}`,
  );
  return container && container.Config.Labels?.[LOCATION_LABEL] === location ? container : undefined;
}

/** The links of a compute of one kind. */
const linksOf = (compute: Entity, kind: string) => (compute.links ?? []).filter((l) => l.kind === kind);

/** The container's mounts: one volume per storage link, at its mountpoint; two at one place are refused. */
function mounts(d: DockerEngine, compute: Entity): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const link of linksOf(compute, STORAGELINK_KIND)) {
    const target = mountpointOf(link);
    if (seen.has(target))
      throw badRequest('invalid-link', `two storage links of ${compute.location} mount at ${target}`, {
        attribute: 'occi.storagelink.mountpoint',
      });
    seen.add(target);
    out.push({ Type: 'volume', Source: d.name(link.target!.location), Target: target });
  }
  return out;
}

/**
 * Creates the container `name` of a compute from `image`, with its limits,
 * hostname, mounts and first network connection; `join` then gives it the
 * rest of its connections.
 */
async function create(
  d: DockerEngine,
  name: string,
  compute: Entity,
  image: { reference: string; command: string[] },
  config: { labels: Record<string, string>; env: string[] },
): Promise<void> {
  const limits = resourceLimits(compute, d.host);
  const interfaces = linksOf(compute, NETWORKINTERFACE_KIND);
  const first = interfaces[0];
  const hostConfig: Record<string, unknown> = {
    Mounts: mounts(d, compute),
    NetworkMode: first ? d.name(first.target!.location) : 'bridge',
  };
  if (limits.NanoCpus > 0) hostConfig.NanoCpus = limits.NanoCpus;
  if (limits.Memory > 0) hostConfig.Memory = limits.Memory;
  if (limits.CpuShares > 0) hostConfig.CpuShares = limits.CpuShares;
  const body: Record<string, unknown> = {
    Image: image.reference,
    Entrypoint: ['/bin/sh', '-c', BOOTSTRAP, BOOTSTRAP_NAME],
    Cmd: image.command,
    Env: config.env,
    Labels: config.labels,
    // A terminal and an open stdin keep an image's interactive shell running, as on a VM's console.
    Tty: true,
    OpenStdin: true,
    HostConfig: d.confined(hostConfig),
  };
  const hostname = compute.attributes['occi.compute.hostname'];
  if (typeof hostname === 'string') body.Hostname = hostname;
  if (first)
    body.NetworkingConfig = { EndpointsConfig: { [d.name(first.target!.location)]: endpointConfig(first) } };
  const taken = async () =>
    (await d.client.find(`/containers/${enc(name)}/json`, `inspect container ${name}`)) !== undefined;
  try {
    // A name in use is refused by the engine itself: no inspection beforehand.
    await d.client.request('POST', '/containers/create', {
      query: { name },
      json: body,
      doing: `create container ${name} from ${image.reference}`,
    });
  } catch (error) {
    // Podman answers a name in use with 500 rather than 409.
    if (isEngineError(error, 409) || (isEngineError(error) && !isEngineError(error, 404) && (await taken())))
      throw conflict(
        'duplicate',
        `the engine already has a container named ${name} that OCCI does not know: remove it or use another location`,
        { location: compute.location ?? '' },
      );
    throw error;
  }
}

/**
 * The connections of a container just made beyond the one it was created
 * with: off the engine's default network when the compute has no interface
 * (before the creation is answered, so that no other request — of this
 * server or of another sharing its store — can start it connected), on the
 * networks of its other interfaces otherwise.
 */
async function join(d: DockerEngine, name: string, compute: Entity): Promise<void> {
  const interfaces = linksOf(compute, NETWORKINTERFACE_KIND);
  if (interfaces.length === 0) await d.leaveDefaultNetwork(name);
  for (const link of interfaces.slice(1)) await connect(d, name, link);
}

/** Connects a container to the network of an interface; the engine's refusal (an address in use) is a conflict. */
export async function connect(d: DockerEngine, container: string, link: Entity): Promise<void> {
  const network = d.name(link.target!.location);
  try {
    await d.client.request('POST', `/networks/${enc(network)}/connect`, {
      json: { Container: container, EndpointConfig: endpointConfig(link) },
      doing: `connect container ${container} to network ${network}`,
    });
  } catch (error) {
    if (isEngineError(error) && error.kind === 'internal')
      throw conflict('other', `${link.location}: ${error.message}`, { location: link.location ?? '' });
    throw error;
  }
}

/** Makes the container of a new compute (with the links created with it) from its OS template's image. */
export async function createContainer(
  d: DockerEngine,
  compute: Entity,
  labels: Record<string, string>,
): Promise<void> {
  const template = d.images.templateOf(compute);
  if (!template)
    throw badRequest('unknown-mixin', `${compute.location} names no OS template of the engine's images`);
  const gone = () =>
    badRequest(
      'unknown-mixin',
      `the image ${template.reference} of OS template ${typeIdentifier(template.mixin)} is no longer in the engine`,
      { category: typeIdentifier(template.mixin) },
    );
  const command = await d.imageCommand(template);
  if (!command) throw gone();
  const name = d.name(compute.location!);
  try {
    await create(
      d,
      name,
      compute,
      { reference: template.reference, command },
      { labels, env: [`OCCI_INSTANCE=${compute.id}`] },
    );
  } catch (error) {
    // The image's command was known from before: the image may have been removed since.
    if (!isEngineError(error, 404)) throw error;
    d.forgetImage(template.reference);
    if (!(await d.imageCommand(template))) throw gone();
    throw error;
  }
  // Independent requests on the created container, its networks and its files, at once; both
  // are over before a failure is answered (and the container removed), the networks' first.
  const [joined, provisioned] = await Promise.allSettled([join(d, name, compute), provision(d, compute)]);
  if (joined.status === 'rejected') throw joined.reason;
  if (provisioned.status === 'rejected') throw provisioned.reason;
}

/** Places the SSH key and user_data script in the container (Infrastructure §3.5.2.1, §3.5.2.2). */
export async function provision(d: DockerEngine, compute: Entity): Promise<void> {
  const archive = provisioningArchive(compute);
  if (!archive) return;
  const name = d.name(compute.location!);
  await d.client.request('PUT', `/containers/${enc(name)}/archive`, {
    query: { path: '/' },
    tar: archive,
    doing: `copy the SSH key and user_data into container ${name}`,
  });
}

/**
 * Makes a stopped compute's container again as `compute` now says (its
 * mounts, hostname, limits), keeping its files: the container is committed
 * to an image, a new one made from it, the two swap names, and the old one
 * goes. A crash in between leaves the old container under `<name>-old`,
 * which the backend's start puts back. A running compute is refused: the
 * engine sets these only when it creates a container.
 */
export async function recreate(d: DockerEngine, compute: Entity, why: string): Promise<void> {
  const location = compute.location!;
  const name = d.name(location);
  const old = await containerOf(d, location);
  if (!old) return;
  if (old.State.Running || old.State.Paused)
    throw conflict(
      'other',
      `${why}: stop ${location} first (the engine sets this only when it creates the container)`,
      {
        location,
      },
    );
  const committed = await d.client.request<{ Id: string }>('POST', '/commit', {
    query: { container: name, comment: `state of ${location}` },
    json: {},
    doing: `keep the files of container ${name}`,
  });
  const next = `${name}-next`;
  await d.client
    .request('DELETE', `/containers/${enc(next)}`, { query: { force: true }, doing: `remove ${next}` })
    .catch(() => undefined);
  await create(
    d,
    next,
    compute,
    { reference: committed.Id, command: old.Config.Cmd ?? [] },
    {
      labels: old.Config.Labels ?? {},
      env: old.Config.Env ?? [],
    },
  );
  await join(d, next, compute);
  await rename(d, name, `${name}-old`);
  await rename(d, next, name);
  await d.client.request('DELETE', `/containers/${enc(`${name}-old`)}`, {
    query: { force: true },
    doing: `remove the previous container of ${location}`,
  });
  // The image the previous container ran from, when it was an earlier keeping of its files.
  if (old.Image && !d.images.templates.some((t) => t.imageId === old.Image))
    await d.client
      .request('DELETE', `/images/${enc(old.Image)}`, { doing: 'remove an image no longer used' })
      .catch((error: unknown) => {
        if (!isOcciError(error)) throw error;
      });
}

export function rename(d: DockerEngine, from: string, to: string): Promise<unknown> {
  return d.client.request('POST', `/containers/${enc(from)}/rename`, {
    query: { name: to },
    doing: `rename container ${from} to ${to}`,
  });
}
