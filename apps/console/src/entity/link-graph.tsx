/**
 * A resource, its links and their targets (Core §5.4.2–5.4.3) as a small
 * SVG graph: the resource on the left, one edge per link named by the
 * link's kind, the targets on the right. The same links are listed in a
 * table below it, which is what keyboard and screen-reader users follow;
 * the picture has a text alternative.
 */
import type { Entity, Model } from '@occi/core';
import { labelOfId } from '../model/categories.js';

const WIDTH = 640;
const ROW = 64;
const NODE_W = 180;
const NODE_H = 40;

const clip = (s: string, n = 24) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function LinkGraph({ model, entity }: { model: Model; entity: Entity }) {
  const links = entity.links ?? [];
  if (links.length === 0) return null;
  const height = Math.max(ROW, links.length * ROW) + 16;
  const source = { x: 8, y: height / 2 - NODE_H / 2 };
  const name = entity.title || labelOfId(model, entity.kind);
  const description = `${name} has ${links.length} link${links.length === 1 ? '' : 's'}: ${links
    .map((l) => `${labelOfId(model, l.kind)} to ${l.target?.location ?? '?'}`)
    .join('; ')}`;
  return (
    <figure className="link-graph">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={description}
        preserveAspectRatio="xMidYMid meet"
      >
        {links.map((link, i) => {
          const ty = 8 + i * ROW + (ROW - NODE_H) / 2;
          const tx = WIDTH - NODE_W - 8;
          const x1 = source.x + NODE_W;
          const y1 = source.y + NODE_H / 2;
          const y2 = ty + NODE_H / 2;
          const targetKind = link.target?.kind ? labelOfId(model, link.target.kind) : 'resource';
          return (
            <g key={link.id}>
              <line x1={x1} y1={y1} x2={tx} y2={y2} className="edge" />
              <text x={(x1 + tx) / 2} y={(y1 + y2) / 2 - 6} textAnchor="middle" className="edge-label">
                {clip(labelOfId(model, link.kind), 22)}
              </text>
              <rect x={tx} y={ty} width={NODE_W} height={NODE_H} rx={6} className="node" />
              <text x={tx + NODE_W / 2} y={ty + 16} textAnchor="middle" className="node-kind">
                {clip(targetKind)}
              </text>
              <text x={tx + NODE_W / 2} y={ty + 32} textAnchor="middle" className="node-name">
                {clip(link.target?.location?.replace(/^.*\//, '') ?? '')}
              </text>
            </g>
          );
        })}
        <rect x={source.x} y={source.y} width={NODE_W} height={NODE_H} rx={6} className="node node-self" />
        <text x={source.x + NODE_W / 2} y={source.y + 16} textAnchor="middle" className="node-kind">
          {clip(labelOfId(model, entity.kind))}
        </text>
        <text x={source.x + NODE_W / 2} y={source.y + 32} textAnchor="middle" className="node-name">
          {clip(name)}
        </text>
      </svg>
      <figcaption className="muted">Links of this resource</figcaption>
    </figure>
  );
}
