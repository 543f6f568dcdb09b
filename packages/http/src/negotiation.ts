/**
 * Content negotiation (RFC 9110 §12.5.1) over the offered renderings:
 * `Accept` with q-values picks the response rendering, `Content-Type` the
 * request rendering.
 */
import type { Rendering } from '@occi/core';

export interface MediaRange {
  type: string;
  q: number;
  /** Position in the header, for ties. */
  order: number;
}

/** The bare media type of a Content-Type or Accept entry, lower-cased, without parameters. */
export function mediaTypeOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const type = value.split(';', 1)[0]!.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** Parses an Accept header into ranges, best first; malformed entries are skipped. */
export function parseAccept(header: string): MediaRange[] {
  return acceptRanges(header).map((r) => ({ ...r }));
}

/** Clients send few distinct Accept headers: each is parsed once. */
const parsedAccept = new Map<string, readonly MediaRange[]>();

function acceptRanges(header: string): readonly MediaRange[] {
  let ranges = parsedAccept.get(header);
  if (!ranges) {
    ranges = parseAcceptHeader(header);
    if (parsedAccept.size > 256) parsedAccept.clear();
    parsedAccept.set(header, ranges);
  }
  return ranges;
}

function parseAcceptHeader(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  header.split(',').forEach((part, order) => {
    const [rawType, ...params] = part.split(';');
    const type = rawType?.trim().toLowerCase();
    if (!type || !/^[a-z0-9!#$&^_.+*-]+\/[a-z0-9!#$&^_.+*-]+$/.test(type)) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k?.toLowerCase() === 'q' && v !== undefined) {
        const n = Number(v);
        q = Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0;
      }
    }
    ranges.push({ type, q, order });
  });
  return ranges.sort((a, b) => b.q - a.q || specificity(b.type) - specificity(a.type) || a.order - b.order);
}

export interface Offer {
  mediaType: string;
  rendering: Rendering;
}

/** Every media type the renderings serve, in the renderings' order. */
export function offersOf(renderings: readonly Rendering[]): Offer[] {
  return renderings.flatMap((rendering) =>
    rendering.mediaTypes.map((mediaType) => ({ mediaType, rendering })),
  );
}

const specificity = (t: string) => (t === '*/*' ? 0 : t.endsWith('/*') ? 1 : 2);

function matches(range: string, type: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return type.startsWith(range.slice(0, -1));
  return range === type;
}

/**
 * The offer the client accepts best. Without an Accept header, or with
 * `*\/*`, the first offer (the configured default). `accepts` limits the
 * candidates (e.g. to renderings that can render the message at hand).
 * Returns undefined when nothing acceptable is offered (406).
 */
export function negotiate(
  accept: string | undefined,
  offers: readonly Offer[],
  accepts: (o: Offer) => boolean = () => true,
): Offer | undefined {
  const candidates = offers.filter(accepts);
  if (!accept || accept.trim() === '') return candidates[0];
  const ranges = acceptRanges(accept);
  let best: { offer: Offer; q: number; rank: number } | undefined;
  for (const [index, offer] of candidates.entries()) {
    // The most specific range matching the offer gives its quality (RFC 9110 §12.5.1).
    let range: MediaRange | undefined;
    let level = -1;
    for (const r of ranges) {
      if (matches(r.type, offer.mediaType) && specificity(r.type) > level) {
        range = r;
        level = specificity(r.type);
      }
    }
    if (!range || range.q === 0) continue;
    // Ties: a type the client named goes by the client's order, otherwise by ours.
    const rank = level === 2 ? range.order : 1000 + index;
    if (!best || range.q > best.q || (range.q === best.q && rank < best.rank))
      best = { offer, q: range.q, rank };
  }
  return best?.offer;
}
