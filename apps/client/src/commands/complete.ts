/** `occi __complete <what>` (hidden): what the shell completion scripts ask the endpoint for. */
import type { Register } from '../command.js';

export const register: Register = () => {};
