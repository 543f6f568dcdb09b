/**
 * The Compute actions (Infrastructure §3.1, table 3) on a domain. They run
 * after Infrastructure's state machine allowed the action, which decides on
 * the state the domain reports. A refusal of libvirt (4xx: an inactive
 * network, a guest that ignores ACPI) leaves the compute as it was; a
 * failure of QEMU puts it in `error` with libvirt's message; an unreachable
 * libvirt (503) leaves it unchanged.
 */
import type { ActionContext, ActionHandler, ActionOutcome, Behaviour } from '@occi/core';
import { badRequest, conflict } from '@occi/core';
import {
  COMPUTE_RESTART_ACTION,
  COMPUTE_SAVE_ACTION,
  COMPUTE_START_ACTION,
  COMPUTE_STOP_ACTION,
  COMPUTE_SUSPEND_ACTION,
} from '@occi/infrastructure';
import { volumeNames, writeSeed } from '../domains.js';
import type { LibvirtHost } from '../host.js';
import { isLibvirtError } from '../rpc/client.js';
import { type DomainRef, ErrorCode } from '../rpc/protocol.js';
import { DomainStates, Flags } from '../rpc/remote.js';
import { hasProcess } from '../state.js';
import { describeVolume } from '../storage-xml.js';

/** Runs a libvirt step; a failure of QEMU or libvirt (500) becomes a plain error, which the reference provider records as `error`. */
function step(run: (context: ActionContext) => Promise<ActionOutcome | undefined>): ActionHandler {
  return async (context) => {
    try {
      return await run(context);
    } catch (error) {
      if (isLibvirtError(error) && error.kind === 'internal') throw new Error(error.libvirtMessage);
      throw error;
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function computeActions(h: LibvirtHost): NonNullable<Behaviour['actions']> {
  const { libvirt } = h;

  const domainOf = async (context: ActionContext): Promise<DomainRef> => {
    const found = await h.domainOf(context.entity.location ?? '');
    if (!found) throw new Error(`its domain ${h.name(context.entity.location ?? '')} is gone`);
    return found.ref;
  };

  /** Starts (or restores) a domain whose networks are all running; a stopped network is a refusal naming it. */
  const boot = async (context: ActionContext, dom: DomainRef) => {
    const found = await h.domainOf(context.entity.location ?? '', true);
    for (const nic of found?.description.nics ?? []) {
      const network = await libvirt.network(nic.network);
      if (network && !(await libvirt.networkActive(network)))
        throw conflict(
          'action-not-applicable',
          `${context.entity.location} cannot start: its network ${nic.network} is inactive; bring the network up first (action up)`,
          { location: context.entity.location },
        );
    }
    // A crash while the seed was being written again leaves none: write it from the compute.
    if (!(await h.volume(volumeNames(dom.name).seed))) await writeSeed(h, context.entity);
    await libvirt.startDomain(dom, h.options.timeoutMs * 5);
  };

  /**
   * Presses the power button (ACPI, or the guest agent with `flags` 0)
   * every 2 s until the domain is off or `seconds` passed (a guest still
   * booting misses a single press); answers whether it went off.
   */
  const pressUntilOff = async (dom: DomainRef, flags: number, seconds: number): Promise<boolean> => {
    const deadline = Date.now() + seconds * 1000;
    let pressed = 0;
    while (Date.now() < deadline) {
      if (!hasProcess(await libvirt.domainState(dom))) return true;
      if (Date.now() - pressed >= 2000) {
        pressed = Date.now();
        await libvirt.shutdownDomain(dom, flags).catch((error: unknown) => {
          if (!isLibvirtError(error, ErrorCode.OPERATION_INVALID)) throw error;
        });
      }
      await sleep(250);
    }
    return !hasProcess(await libvirt.domainState(dom));
  };

  const forceOff = async (dom: DomainRef) => {
    if (hasProcess(await libvirt.domainState(dom)))
      await libvirt.destroyDomain(dom).catch((error: unknown) => {
        if (!isLibvirtError(error, ErrorCode.OPERATION_INVALID)) throw error;
      });
  };

  const start = step(async (context) => {
    const dom = await domainOf(context);
    const { state } = await libvirt.domainState(dom);
    // A suspended compute is a paused domain (resumed) or one saved to disk (restored by starting it).
    if (state === DomainStates.PAUSED) await libvirt.resumeDomain(dom);
    else if (state === DomainStates.PMSUSPENDED)
      throw conflict(
        'action-not-applicable',
        `${context.entity.location} was put to sleep by its guest; wake it from inside`,
        {
          location: context.entity.location,
        },
      );
    else if (!hasProcess({ state, reason: 0 })) await boot(context, dom);
    return undefined;
  });

  const stop = step(async (context) => {
    const dom = await domainOf(context);
    const method = context.parameters.method ?? 'graceful';
    const seconds = h.options.stopTimeoutSeconds;
    if (method === 'poweroff') await forceOff(dom);
    else if (method === 'acpioff') {
      if (!(await pressUntilOff(dom, Flags.SHUTDOWN_ACPI_POWER_BTN, seconds)))
        throw conflict(
          'action-failed',
          `${context.entity.location} still runs ${seconds} s after its ACPI power button was pressed: the guest ignores ACPI (stop it with method=poweroff or graceful)`,
          { location: context.entity.location },
        );
    } else if (!(await pressUntilOff(dom, 0, seconds))) await forceOff(dom);
    return undefined;
  });

  const restart = step(async (context) => {
    const dom = await domainOf(context);
    const method = context.parameters.method ?? 'graceful';
    if (method === 'warm') await libvirt.resetDomain(dom);
    else if (method === 'cold') {
      await forceOff(dom);
      await boot(context, dom);
    } else await libvirt.rebootDomain(dom, 0);
    return undefined;
  });

  const suspend = step(async (context) => {
    const dom = await domainOf(context);
    if (context.parameters.method === 'hibernate') await libvirt.managedSave(dom, h.options.timeoutMs * 10);
    else await libvirt.suspendDomain(dom);
    return undefined;
  });

  const save = step(async (context) => {
    const requested = context.parameters.name;
    if (requested !== undefined && typeof requested !== 'string')
      throw badRequest('attribute-type', 'save: parameter "name" must be a string', { attribute: 'name' });
    const dom = await domainOf(context);
    const disk = await h.volume(volumeNames(dom.name).disk);
    if (!disk)
      throw new Error(`the disk ${volumeNames(dom.name).disk} of ${context.entity.location} is gone`);
    const capacity = describeVolume(await libvirt.volumeXml(disk)).capacity;
    // The disk is copied while QEMU does not hold it: hot saves the memory to disk and restores it after;
    // deferred shuts the guest down (its file systems clean) and boots it again after.
    if (context.parameters.method === 'deferred') {
      if (!(await pressUntilOff(dom, 0, h.options.stopTimeoutSeconds))) await forceOff(dom);
    } else if (hasProcess(await libvirt.domainState(dom)))
      await libvirt.managedSave(dom, h.options.timeoutMs * 10);
    try {
      const mixin = await h.images.saveDisk(context.model, disk, requested, capacity);
      // Infrastructure §3.1: the response MUST contain the rendering of the new OS template.
      return { categories: [mixin] };
    } finally {
      await boot(context, dom);
    }
  });

  return {
    [COMPUTE_START_ACTION]: start,
    [COMPUTE_STOP_ACTION]: stop,
    [COMPUTE_RESTART_ACTION]: restart,
    [COMPUTE_SUSPEND_ACTION]: suspend,
    [COMPUTE_SAVE_ACTION]: save,
  };
}
