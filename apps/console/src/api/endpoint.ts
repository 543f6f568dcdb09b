/**
 * Where the OCCI server is: the origin and path the console is served under,
 * without its `console/` segment. occi-server serves the console at
 * /console/ beside the OCCI namespace (HTTP §4), so the console talks to
 * the same origin (no CORS).
 */
export function endpointOf(href: string): string {
  const url = new URL(href);
  const at = url.pathname.lastIndexOf('/console/');
  const base = at >= 0 ? url.pathname.slice(0, at + 1) : '/';
  return `${url.origin}${base}`.replace(/\/$/, '');
}

/** The console's own URL (where OpenID Connect sends the browser back): its path up to and including `console/`. */
export function consoleUrlOf(href: string): string {
  const url = new URL(href);
  const at = url.pathname.lastIndexOf('/console/');
  const path = at >= 0 ? url.pathname.slice(0, at + '/console/'.length) : '/';
  return `${url.origin}${path}`;
}
