/**
 * What `occi __complete <what>` prints for the shell completion scripts:
 * names of the endpoint's kinds, mixins, actions and attributes, entity
 * locations, and the config file's profiles and groups. What comes from the
 * endpoint is cached briefly per endpoint and identity (the model 60 s,
 * locations 10 s) in `$XDG_CACHE_HOME/occi/completion/`, mode 0600. Any
 * failure prints nothing: a completion never shows an error or asks for a
 * password.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Category, LINK_KIND, type Model, RESOURCE_KIND } from '@occi/core';
import type { Context } from './context.js';
import { siteNames } from './sites.js';

export const COMPLETION_VALUES = [
  'kinds',
  'mixins',
  'actions',
  'categories',
  'attributes',
  'locations',
  'profiles',
  'groups',
  'sites',
  'places',
] as const;
export type CompletionValue = (typeof COMPLETION_VALUES)[number];

const TTL = { model: 60_000, locations: 10_000 };

interface Cached {
  at: number;
  values: Record<string, string[]>;
}

function cacheFile(ctx: Context, endpoint: string): string {
  const auth = ctx.settings.auth;
  const who =
    auth?.type === 'basic'
      ? `basic:${auth.user}:${auth.password}`
      : auth?.type === 'bearer'
        ? `bearer:${auth.token}`
        : '';
  const key = createHash('sha256').update(`${endpoint}\n${who}`).digest('hex').slice(0, 32);
  const base = ctx.streams.env.XDG_CACHE_HOME || join(ctx.streams.env.HOME || '', '.cache');
  return join(base, 'occi', 'completion', `${key}.json`);
}

function readCache(path: string, part: keyof typeof TTL): Record<string, string[]> | undefined {
  try {
    const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Cached>;
    const entry = all[part];
    return entry && Date.now() - entry.at < TTL[part] ? entry.values : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(path: string, part: keyof typeof TTL, values: Record<string, string[]>): void {
  try {
    let all: Record<string, Cached> = {};
    try {
      all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Cached>;
    } catch {
      // None yet.
    }
    all[part] = { at: Date.now(), values };
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(all), { mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    // A cache that cannot be written only costs the next completion a request.
  }
}

/** The names a category can be given by on the command line: its term when no other category of its class has it, else family#term. */
function shortNames(model: Model, categories: readonly Category[]): string[] {
  const count = new Map<string, number>();
  for (const c of categories) count.set(c.term, (count.get(c.term) ?? 0) + 1);
  return categories.map((c) => {
    if (count.get(c.term) === 1) return c.term;
    const parent = c.class === 'mixin' ? c.depends.map((d) => model.get(d)?.term).find((t) => t) : undefined;
    return parent ? `${parent}#${c.term}` : c.scheme + c.term;
  });
}

function modelValues(model: Model): Record<string, string[]> {
  const of = (cls: Category['class']) => model.categories().filter((c) => c.class === cls);
  const attributes = new Set<string>();
  for (const c of model.categories())
    if (c.class !== 'action') for (const name of c.attributes.keys()) attributes.add(`${name}=`);
  return {
    kinds: shortNames(model, of('kind')),
    mixins: shortNames(model, of('mixin')),
    actions: [...new Set(of('action').map((a) => a.term))],
    attributes: [...attributes].sort(),
  };
}

/** The values of one endpoint, from the cache when it is fresh. */
async function endpointValues(ctx: Context, what: 'model' | 'locations'): Promise<Record<string, string[]>> {
  const endpoint = ctx.settings.endpoint;
  if (endpoint === undefined || ctx.settings.userWithoutPassword !== undefined) return {};
  const path = cacheFile(ctx, endpoint);
  const cached = readCache(path, what);
  if (cached) return cached;
  let values: Record<string, string[]>;
  if (what === 'model') values = modelValues(await ctx.model());
  else {
    const client = await ctx.client();
    const model = await client.discover();
    const locations: string[] = [];
    for (const root of [RESOURCE_KIND, LINK_KIND])
      if (model.kind(root)?.location !== undefined) locations.push(...(await client.list(root)).locations);
    values = { locations };
  }
  writeCache(path, what, values);
  return values;
}

/** The candidates for `what`, one a line; nothing on any failure. */
export async function completionValues(ctx: Context, what: string): Promise<string[]> {
  try {
    const { file } = ctx.config;
    const profiles = Object.keys(file.profiles);
    const groups = Object.keys(file.groups ?? {});
    switch (what) {
      case 'profiles':
        return profiles;
      case 'groups':
        return groups;
      case 'sites':
        return [...profiles, ...groups];
      case 'places':
        return ['first', 'spread', ...(siteNames(ctx) ?? profiles)];
    }
    const sites = siteNames(ctx);
    if (what === 'locations') {
      if (!sites) return (await endpointValues(ctx, 'locations')).locations ?? [];
      const all = await Promise.all(
        sites.map(
          async (site) =>
            (
              (await endpointValues(ctx.forSite(site), 'locations').catch(() => ({}))) as Record<
                string,
                string[]
              >
            ).locations?.map((l) => `${site}:${l}`) ?? [],
        ),
      );
      return all.flat();
    }
    const contexts = sites ? sites.map((s) => ctx.forSite(s)) : [ctx];
    const models = await Promise.all(contexts.map((c) => endpointValues(c, 'model').catch(() => ({}))));
    const pick = (key: string) => models.flatMap((m: Record<string, string[]>) => m[key] ?? []);
    const values = what === 'categories' ? [...pick('kinds'), ...pick('mixins')] : pick(what);
    return [...new Set(values)];
  } catch {
    return [];
  }
}
