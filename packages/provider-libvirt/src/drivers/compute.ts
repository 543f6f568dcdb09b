/**
 * Compute (Infrastructure §3.1) as a libvirt domain: defined when the
 * compute is created (started only with `startOnCreate`), defined again
 * when a stopped compute changes, undefined with its volumes when it is
 * deleted; its state read from the domain's; its actions carried out on it
 * (compute-actions.ts).
 */
import type { Behaviour, Observation } from '@occi/core';
import { conflict, typeIdentifier } from '@occi/core';
import { COMPUTE_KIND } from '@occi/infrastructure';
import { changed } from '../changes.js';
import {
  createDomain,
  fillChosen,
  limitProblems,
  redefineDomain,
  removeDomain,
  writeSeed,
} from '../domains.js';
import type { LibvirtHost } from '../host.js';
import { seedChanged } from '../seed.js';
import { computeState, hasProcess } from '../state.js';
import { computeActions } from './compute-actions.js';
import { IMAGE_ATTRIBUTE } from './os-templates.js';

/** What only a stopped compute can change: libvirt sets it when QEMU starts. */
const SET_AT_BOOT = [
  'occi.compute.cores',
  'occi.compute.memory',
  'occi.compute.share',
  'occi.compute.architecture',
];

export function computeDriver(h: LibvirtHost): Behaviour {
  return {
    category: COMPUTE_KIND,
    actions: computeActions(h),
    initialise(entity, context) {
      h.images.withDefault(context.model, entity);
    },
    validate(entity, _previous, context) {
      const problems = limitProblems(h, entity);
      for (const id of h.images.foreignTemplates(context.model, entity))
        problems.push({
          code: 'unknown-mixin',
          message: `OS template ${id} is no disk image of libvirt pool ${h.imagePool.name} (its images are the mixins of ${h.options.imageScheme})`,
          category: id,
        });
      return problems;
    },
    async create(entity, context) {
      fillChosen(h, entity);
      await createDomain(h, entity, { location: entity.location!, owner: context.user, id: entity.id });
      if (!h.options.startOnCreate) return;
      const found = await h.domainOf(entity.location!);
      if (found) await h.libvirt.startDomain(found.ref, h.options.timeoutMs * 5);
      entity.attributes['occi.compute.state'] = 'active';
    },
    async update(entity, previous) {
      const image = h.images.templateOf(previous);
      const next = h.images.templateOf(entity);
      if (image && next && next !== image)
        throw conflict(
          'other',
          `${entity.location}: the image (OS template ${typeIdentifier(image.mixin)}) of a compute is the base of its disk; create another compute instead`,
          { location: entity.location! },
        );
      // A replacement that names no OS template keeps the compute's image.
      if (image && !next) {
        entity.mixins.push(typeIdentifier(image.mixin));
        entity.attributes[IMAGE_ATTRIBUTE] = image.volume.name;
      }
      fillChosen(h, entity);
      const boot = changed(entity, previous, ...SET_AT_BOOT);
      const seed = seedChanged(entity, previous);
      if (!boot && !seed) return;
      const found = await h.domainOf(entity.location!, true);
      if (!found) return;
      const state = await h.libvirt.domainState(found.ref);
      if (hasProcess(state) || (await h.libvirt.hasManagedSave(found.ref)))
        throw conflict(
          'other',
          `${entity.location}: ${boot ? 'cores, memory, share and architecture are set when QEMU starts' : 'hostname, SSH key and user data reach the guest on its seed disk, read at boot'}; stop the compute first`,
          { location: entity.location! },
        );
      if (seed) await writeSeed(h, entity);
      if (boot) await redefineDomain(h, entity, found.description);
    },
    async delete(entity) {
      await removeDomain(h, entity.location!);
    },
    async observe(entity): Promise<Observation> {
      const found = await h.domainOf(entity.location!);
      if (!found) return { gone: 'its domain was removed outside OCCI' };
      const domainState = await h.libvirt.domainState(found.ref);
      const saved = !hasProcess(domainState) && (await h.libvirt.hasManagedSave(found.ref));
      const { state, message } = computeState(domainState, saved);
      return message !== undefined
        ? { attributes: { 'occi.compute.state': state, 'occi.compute.state.message': message } }
        : { attributes: { 'occi.compute.state': state }, cleared: ['occi.compute.state.message'] };
    },
  };
}
