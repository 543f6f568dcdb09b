/**
 * `occi create <kind> --sites … --place first|spread|<site>`: an entity at
 * one site of several. A site is eligible when it answers and its model
 * offers everything the command line asks for — the kind, each mixin or
 * template (by name: CRTP's `medium` is the same everywhere), each
 * attribute given (defined by the kind or the mixins there). Then:
 *
 * - `first`: the eligible sites in the order of `--sites`;
 * - `spread`: the eligible site holding the fewest entities of the kind
 *   (yours: what its collection lists you), ties in the order of `--sites`;
 * - `<site>`: that site only.
 *
 * A site that refuses the create (no quota left, 403, 409, 507…; the
 * documents define no quota, so the refusal is how a server says so) or
 * fails is skipped for the next one, except a site named by `--place`.
 * Standard error says where it was placed, and why each other site was
 * skipped; standard output prints `site:location` (a table) or the entity.
 */
import type { Entity } from '@occi/core';
import type { Context } from './context.js';
import { entityInput } from './entity-input.js';
import { printEntity } from './entity-view.js';
import { CliError, EXIT, errorLine, exitCodeOf, usageError } from './exit-codes.js';
import type { EntityInput, OcciClient } from './http-client.js';
import { waitWithProgress } from './progress.js';
import { resolveCategory } from './resolve.js';
import { acrossSites } from './sites.js';

interface Offer {
  client: OcciClient;
  input: EntityInput;
  kindId: string;
  /** Entities of the kind there (spread). */
  count?: number;
}

/** What the site offers for this command line, or a CliError saying what it lacks. */
async function offerAt(
  ctx: Context,
  kindName: string,
  opts: Record<string, unknown>,
  count: boolean,
): Promise<Offer> {
  const client = await ctx.client();
  const model = await client.discover();
  const kind = resolveCategory(model, kindName, ['kind']);
  const kindId = kind.scheme + kind.term;
  if (model.isLinkKind(kindId))
    throw usageError(`${kind.term} is a kind of link: create it with "occi link"`);
  const input = entityInput(model, opts, {
    kind: kindId,
    endpoint: client.endpoint,
    typesKnown: await client.attributeTypesKnown(),
  });
  const defined = new Set(model.attributes(kindId, input.mixins ?? []).keys());
  for (const m of model.mixinClosure(input.mixins ?? [])) for (const n of m.attributes.keys()) defined.add(n);
  const unknown = Object.keys(input.attributes ?? {}).filter((n) => !defined.has(n));
  if (unknown.length > 0)
    throw new CliError(
      EXIT.notFound,
      `its model defines no attribute ${unknown.join(', ')} for ${kind.term}${(input.mixins ?? []).length > 0 ? ' and these mixins' : ''}`,
    );
  return { client, input, kindId, ...(count ? { count: (await client.list(kindId)).locations.length } : {}) };
}

export async function createAtSites(
  ctx: Context,
  sites: string[],
  kindName: string,
  opts: Record<string, unknown>,
): Promise<number> {
  const place = typeof opts.place === 'string' ? opts.place : 'first';
  if (place !== 'first' && place !== 'spread' && !sites.includes(place))
    throw usageError(`--place "${place}" is not first, spread or one of the sites (${sites.join(', ')})`);
  const asked = place === 'first' || place === 'spread' ? sites : [place];
  const results = await acrossSites(ctx, asked, (site) => offerAt(site, kindName, opts, place === 'spread'));
  const skipped: { site: string; reason: string; error: unknown }[] = [];
  for (const r of results)
    if (!r.ok) {
      const code = exitCodeOf(r.error);
      const lacks = code === EXIT.notFound || code === EXIT.usage;
      skipped.push({
        site: r.site,
        reason: `${lacks ? 'it does not offer what is asked for: ' : 'no answer: '}${errorLine(r.error)}`,
        error: r.error,
      });
    }
  let candidates = results.filter((r) => r.ok);
  if (place === 'spread')
    candidates = candidates
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.value!.count! - b.r.value!.count! || a.i - b.i)
      .map(({ r }) => r);
  let placed: { site: string; ctx: Context; location: string; entity?: Entity; offer: Offer } | undefined;
  for (const candidate of candidates) {
    const offer = candidate.value!;
    try {
      const created = await offer.client.create(offer.input);
      placed = {
        site: candidate.site,
        ctx: candidate.ctx,
        location: created.location,
        offer,
        ...(created.entity ? { entity: created.entity } : {}),
      };
      break;
    } catch (error) {
      if (place !== 'first' && place !== 'spread') throw error;
      skipped.push({ site: candidate.site, reason: `it refused the create: ${errorLine(error)}`, error });
    }
  }
  const order = (site: string) => sites.indexOf(site);
  for (const s of skipped.sort((a, b) => order(a.site) - order(b.site)))
    ctx.warn(`occi: site ${s.site} skipped: ${s.reason}\n`);
  if (!placed) {
    if (place !== 'first' && place !== 'spread') {
      const own = skipped.find((s) => s.site === place);
      if (own) throw new CliError(exitCodeOf(own.error), `not placed at ${place}`);
    }
    const answered = skipped.filter(
      (s) => exitCodeOf(s.error) === EXIT.notFound || exitCodeOf(s.error) === EXIT.usage,
    );
    const code = answered.length === skipped.length ? EXIT.notFound : exitCodeOf(skipped.at(-1)?.error);
    throw new CliError(code, `not placed: no site of ${sites.join(', ')} could take it`);
  }
  const why =
    place === 'first'
      ? 'the first site that offers everything asked for'
      : place === 'spread'
        ? `it holds the fewest ${termOf(placed.offer.kindId)} (${placed.offer.count})`
        : 'as asked';
  ctx.warn(`occi: placed at ${placed.site}: ${why}\n`);
  let entity = placed.entity;
  if (typeof opts.wait === 'string')
    entity = await waitWithProgress(placed.ctx, placed.offer.client, placed.location, opts);
  if (ctx.output === 'table') ctx.print(`${placed.site}:${placed.location}\n`);
  else await printEntity(placed.ctx, entity ?? (await placed.offer.client.get(placed.location)));
  return EXIT.ok;
}

const termOf = (id: string) => id.slice(id.lastIndexOf('#') + 1);
