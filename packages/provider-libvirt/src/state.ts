/**
 * The compute state (Infrastructure §3.1, figure 1) of a domain's state
 * (`virDomainState` and its reason), and whether it has a managed save
 * image (suspended to disk).
 */
import type { DomainState } from './rpc/remote.js';
import { DomainStates } from './rpc/remote.js';

export type ComputeState = 'active' | 'inactive' | 'suspended' | 'error';

export interface ObservedState {
  state: ComputeState;
  /** `occi.compute.state.message`, when the state needs explaining. */
  message?: string;
}

/** `virDomainPausedReason` values that are failures, not a client's suspend. */
const PAUSED_FAILURES: Record<number, string> = {
  5: 'paused by QEMU after an I/O error on a disk (no space left on the pool?)',
  6: 'paused by its watchdog',
  10: 'the guest crashed (paused)',
  13: 'a post-copy migration failed',
};

/** `virDomainShutoffReason` values worth a message: the domain is off, and can be started again. */
const SHUTOFF_REASONS: Record<number, string> = {
  3: 'the guest crashed and was powered off',
  6: 'QEMU failed to start the domain (see the libvirt log of the domain)',
};

export function computeState(domain: DomainState, managedSave: boolean): ObservedState {
  switch (domain.state) {
    case DomainStates.RUNNING:
    case DomainStates.BLOCKED:
      return { state: 'active' };
    case DomainStates.SHUTDOWN:
      return { state: 'active', message: 'shutting down' };
    case DomainStates.PAUSED: {
      const failure = PAUSED_FAILURES[domain.reason];
      if (failure) return { state: 'error', message: failure };
      // Paused while starting up or during a save to disk: passing states of a start or a suspend.
      if (domain.reason === 11) return { state: 'active', message: 'starting' };
      return { state: 'suspended' };
    }
    case DomainStates.PMSUSPENDED:
      return { state: 'suspended', message: 'suspended by the guest (ACPI sleep)' };
    case DomainStates.CRASHED:
      return { state: 'error', message: 'the guest crashed' };
    case DomainStates.SHUTOFF: {
      if (managedSave) return { state: 'suspended', message: 'its memory is saved to disk (hibernated)' };
      const reason = SHUTOFF_REASONS[domain.reason];
      return reason ? { state: 'inactive', message: reason } : { state: 'inactive' };
    }
    default:
      return { state: 'inactive' };
  }
}

/** Whether the domain has a QEMU process (running, paused, shutting down). */
export const hasProcess = (domain: DomainState) =>
  domain.state !== DomainStates.SHUTOFF &&
  domain.state !== DomainStates.NOSTATE &&
  domain.state !== DomainStates.CRASHED;
