/** Loopback addresses and URLs: where the server may run without authentication, and plain http is tolerated. */

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether a URL's host is a loopback address (or `localhost`). */
export function isLoopbackUrl(url: URL): boolean {
  return isLoopback(url.hostname);
}

/**
 * The key a client address is counted under (failed logins, rate limits):
 * an IPv4 address as it is (also when IPv4-mapped), an IPv6 address by its
 * /64 prefix, since one host commonly holds a whole /64.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('%', 1)[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::')
    ? [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
