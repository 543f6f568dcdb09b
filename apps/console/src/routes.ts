/**
 * The console's routes, in the URL's fragment (`#/entity?at=/compute/…`):
 * the server serves one index.html at /console/, and every page of the
 * console is a link that works in a new tab, back and forward included.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'home' }
  | { page: 'list'; collection: string; query: URLSearchParams }
  | { page: 'entity'; location: string }
  | { page: 'new'; kind: string; source?: string }
  | { page: 'edit'; location: string }
  | { page: 'mixins' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  if (!raw.startsWith('/')) return { page: 'home' };
  const [path = '/', search = ''] = raw.split('?', 2);
  const query = new URLSearchParams(search);
  const need = (name: string) => query.get(name) ?? '';
  switch (path) {
    case '/':
      return { page: 'home' };
    case '/list':
      return need('collection') ? { page: 'list', collection: need('collection'), query } : { page: 'home' };
    case '/entity':
      return need('at') ? { page: 'entity', location: need('at') } : { page: 'home' };
    case '/new':
      return need('kind')
        ? { page: 'new', kind: need('kind'), ...(query.get('source') ? { source: need('source') } : {}) }
        : { page: 'home' };
    case '/edit':
      return need('at') ? { page: 'edit', location: need('at') } : { page: 'home' };
    case '/mixins':
      return { page: 'mixins' };
    default:
      return { page: 'not-found', path };
  }
}

const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
  return s.toString();
};

export const href = {
  home: () => '#/',
  list: (collection: string, extra: Record<string, string | number | undefined> = {}) =>
    `#/list?${q({ collection, ...extra })}`,
  entity: (location: string) => `#/entity?${q({ at: location })}`,
  create: (kind: string) => `#/new?${q({ kind })}`,
  edit: (location: string) => `#/edit?${q({ at: location })}`,
  mixins: () => '#/mixins',
};

let moved = false;

/** Whether the user has gone anywhere since the console loaded (a navigation, a sign-in): page titles take the focus then. */
export const hasMoved = (): boolean => moved;

/** Counts as a move (a sign-in, which changes the page without a navigation). */
export function markMoved(): void {
  moved = true;
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      const hash = window.location.hash;
      // An in-page anchor (the skip link's #main) is no route: focus its target, stay on the page.
      if (hash !== '' && !hash.startsWith('#/')) {
        document.getElementById(decodeURIComponent(hash.slice(1)))?.focus();
        return;
      }
      moved = true;
      setRoute(parseRoute(hash));
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
