import { OcciError } from '@occi/core';
import type { Exchange } from './exchange.js';

/** OPTIONS answers the allowed methods; any other unsupported method is 405 with `Allow` (RFC 9110 §15.5.6). */
export function methodNotAllowed(x: Exchange, allowed: readonly string[]): unknown {
  x.reply.header('allow', allowed.join(', '));
  if (x.method === 'OPTIONS') return x.reply.code(200).header('content-type', 'text/plain').send('');
  throw new OcciError('method-not-allowed', {
    code: 'other',
    message: `${x.method} is not allowed on ${x.path}; allowed: ${allowed.join(', ')}`,
    location: x.path,
  });
}
