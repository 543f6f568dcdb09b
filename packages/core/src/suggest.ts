/** Closest-name suggestions for error messages ("did you mean occi.compute.cores?"). */

function distance(a: string, b: string): number {
  const previous = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

const MAX_NAME = 256;

/** The candidate closest to `name`, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const threshold = Math.max(2, Math.floor(name.length / 3));
  // A name this long is no typo of a name; a length that differs more than the threshold is no hit.
  if (name.length > MAX_NAME) return undefined;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > threshold) continue;
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= threshold ? best : undefined;
}

/** `" — did you mean X?"` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const hit = closest(name, candidates);
  return hit === undefined ? '' : ` — did you mean ${hit}?`;
}

/**
 * `didYouMean` for the first `limit` names of one message, then nothing: a
 * message naming thousands of unknown names must not cost thousands of
 * searches (each over every candidate).
 */
export function suggestions(limit = 8): (name: string, candidates: Iterable<string>) => string {
  let left = limit;
  return (name, candidates) => (left-- > 0 ? didYouMean(name, candidates) : '');
}
