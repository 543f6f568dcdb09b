/** Credentials mixin (Infrastructure §3.5.2.1, table 12): an SSH public key injected into a Compute. */
import type { MixinDefinition } from '@occi/core';
import { COMPUTE_KIND, CREDENTIALS_SCHEME } from './identifiers.js';

export const sshKeyMixin: MixinDefinition = {
  scheme: CREDENTIALS_SCHEME,
  term: 'ssh_key',
  title: 'Credentials Mixin',
  // Infrastructure §3.5.2.1: the credentials mixin MUST only apply to the Compute kind.
  applies: [COMPUTE_KIND],
  location: '/mixin/ssh_key/',
  attributes: {
    'occi.credentials.ssh.publickey': {
      type: 'string',
      mutable: true,
      required: true,
      pattern: { type: 'string', minLength: 1 },
      description: 'The contents of the public key file to be injected into the Compute Resource',
    },
  },
};
