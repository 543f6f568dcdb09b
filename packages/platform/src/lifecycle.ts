/**
 * The lifecycle shared by Application and Component (Platform §3.1, §3.2;
 * shared/spec/STATE-MACHINES.md "Platform — Application and Component"):
 * start moves inactive → active, stop moves active → inactive, a failure of
 * either moves the instance to error with `*.state.message` explaining why.
 */
import type { ActionHandler, Entity, StateMachine, TypeIdentifier } from '@occi/core';

/**
 * What carries the platform actions out. The reference implementation has
 * no PaaS engine of its own: without a backend, start and stop only change
 * the state. A backend that throws makes the action fail, and the instance
 * enters `error` with the reason in `*.state.message`.
 */
export interface PlatformBackend {
  start?(entity: Entity): void | Promise<void>;
  stop?(entity: Entity): void | Promise<void>;
}

/** The state machine of one platform kind, over `<prefix>.state`. */
export function platformStateMachine(
  prefix: string,
  actions: { start: TypeIdentifier; stop: TypeIdentifier },
): StateMachine {
  return {
    attribute: `${prefix}.state`,
    messageAttribute: `${prefix}.state.message`,
    // STATE-MACHINES.md: initial state active (spec README erratum 10).
    initial: 'active',
    errorState: 'error',
    transitions: [
      { action: actions.start, from: ['inactive'], to: 'active' },
      { action: actions.stop, from: ['active'], to: 'inactive' },
    ],
  };
}

function reason(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return 'the backend reported a failure';
}

/**
 * The handler of start or stop: asks the backend. When the backend fails,
 * the handler fails with a plain error whose message is the reason; the
 * reference provider answers it by entering `error` with that message in
 * `*.state.message` (an `OcciError` would be taken for a refusal instead).
 */
export function platformActionHandler(
  what: 'application' | 'component',
  operation: 'start' | 'stop',
  messageAttribute: string,
  backend: PlatformBackend | undefined,
): ActionHandler {
  return async ({ entity }) => {
    try {
      await backend?.[operation]?.(entity);
    } catch (error) {
      // STATE-MACHINES.md: a failed start or stop moves the instance to error.
      throw new Error(`${operation} of the ${what} failed: ${reason(error)}`, { cause: error });
    }
    delete entity.attributes[messageAttribute];
    return undefined;
  };
}
