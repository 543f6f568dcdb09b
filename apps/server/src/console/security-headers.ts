/**
 * The headers of the console's responses: a Content-Security-Policy that
 * lets its pages load only their own files and talk only to this server
 * (and to the OpenID provider, when the console signs in there), and
 * caching — hashed assets for a year, everything else revalidated.
 */

/**
 * The Content-Security-Policy of the console and its API explorer (Swagger
 * UI sets its styles through the DOM, which `style-src 'self'` allows: no
 * `'unsafe-inline'` anywhere). `connectTo`: origins besides this server's
 * the pages may fetch from (the OpenID provider's).
 */
export function contentSecurityPolicy(connectTo: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${connectTo.map((origin) => ` ${origin}`).join('')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Files under assets/ carry a hash of their content in their name (Vite): they never change. */
export function cacheControlOf(path: string): string {
  return /(^|[\\/])assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.\w+$/.test(path)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}
