/**
 * @occi/render-json against plain JSON in the same run: rendering and
 * parsing (with structural validation) one compute resource with 2 links
 * and 12 attributes, and a collection of 1,000 such resources.
 *
 *   node --conditions=@occi/source --import tsx bench/render-json.bench.ts
 *
 * Targets: render ≥ 0.7× JSON.stringify, parse-with-validation ≥ 0.5× JSON.parse.
 */

import type { Entity, Extension } from '../packages/core/src/index.js';
import { Model } from '../packages/core/src/index.js';
import { jsonRendering } from '../packages/render-json/src/index.js';
import { interleave } from './lib/interleave.js';

const S = 'http://example.com/occi/bench#';
const extension: Extension = {
  name: 'bench',
  kinds: [
    {
      scheme: S,
      term: 'compute',
      parent: 'http://schemas.ogf.org/occi/core#resource',
      location: '/compute/',
    },
    {
      scheme: S,
      term: 'networkinterface',
      parent: 'http://schemas.ogf.org/occi/core#link',
      location: '/networkinterface/',
    },
  ],
};
const model = Model.create([extension]);
const baseUrl = 'http://localhost:8080';
const context = { model, baseUrl };

function compute(i: number): Entity {
  const id = `urn:uuid:6f1c2f0e-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const link = (n: number): Entity => ({
    id: `urn:uuid:7a2d3e1f-000${n}-4000-8000-${String(i).padStart(12, '0')}`,
    kind: `${S}networkinterface`,
    mixins: ['http://example.com/occi/bench/networkinterface#ipnetworkinterface'],
    attributes: {
      'com.example.ni.interface': `eth${n}`,
      'com.example.ni.mac': '00:80:41:ae:fd:7e',
      'com.example.ni.address': `192.168.${n}.${i % 250}`,
    },
    source: { location: `/compute/${id}`, kind: `${S}compute` },
    target: { location: `/network/net-${n}`, kind: `${S}network` },
    actions: [],
  });
  return {
    id,
    kind: `${S}compute`,
    mixins: [
      'http://example.com/occi/bench/os_tpl#debian12',
      'http://example.com/occi/bench/resource_tpl#medium',
    ],
    title: `vm-${i}`,
    summary: 'a benchmark machine',
    attributes: {
      'com.example.compute.architecture': 'x64',
      'com.example.compute.cores': 4,
      'com.example.compute.share': 2,
      'com.example.compute.hostname': `vm-${i}.example.com`,
      'com.example.compute.memory': 8.5,
      'com.example.compute.state': 'active',
      'com.example.compute.state.message': 'running since boot',
      'com.example.compute.gpu': false,
      'com.example.compute.tags': ['web', 'prod', 'eu'],
      'com.example.compute.labels': { team: 'ops', tier: 'frontend' },
      'com.example.compute.boot.order': [1, 2, 3],
      'com.example.compute.created': '2026-11-29T08:00:00Z',
    },
    location: `/compute/${id}`,
    actions: [
      'http://example.com/occi/bench/compute/action#stop',
      'http://example.com/occi/bench/compute/action#restart',
    ],
    links: [link(1), link(2)],
  };
}

const one = compute(1);
const many = Array.from({ length: 1000 }, (_, i) => compute(i));
const oneBody = jsonRendering.renderEntity(one, context).body;
const manyBody = jsonRendering.renderEntityCollection(many, context).body;
// The baseline parses and stringifies the same objects: the rendered documents.
const oneDocument = JSON.parse(oneBody) as unknown;
const manyDocument = JSON.parse(manyBody) as unknown;
const onePayload = { headers: {}, body: oneBody };
const manyPayload = { headers: {}, body: manyBody };

let sink = 0;
// Interleaved rounds in CPU time (bench/lib/interleave.ts): a ratio compares functions under the same load.
const measured = interleave({
  'render entity': () => {
    sink += jsonRendering.renderEntity(one, context).body.length;
  },
  'JSON.stringify entity': () => {
    sink += JSON.stringify(oneDocument).length;
  },
  'parse entity (validated)': () => {
    sink += jsonRendering.parseEntity(onePayload, context).mixins!.length;
  },
  'JSON.parse entity': () => {
    sink += (JSON.parse(oneBody) as { mixins: unknown[] }).mixins.length;
  },
  'render 1,000 resources': () => {
    sink += jsonRendering.renderEntityCollection(many, context).body.length;
  },
  'JSON.stringify 1,000 resources': () => {
    sink += JSON.stringify(manyDocument).length;
  },
  'parse 1,000 resources (validated)': () => {
    sink += jsonRendering.parseEntityCollection(manyPayload, context).entities.length;
  },
  'JSON.parse 1,000 resources': () => {
    sink += (JSON.parse(manyBody) as { resources: unknown[] }).resources.length;
  },
});

const hz = (name: string): number => measured.hz(name);
const rows = [
  ['render entity', 'JSON.stringify entity', 0.7],
  ['parse entity (validated)', 'JSON.parse entity', 0.5],
  ['render 1,000 resources', 'JSON.stringify 1,000 resources', 0.7],
  ['parse 1,000 resources (validated)', 'JSON.parse 1,000 resources', 0.5],
] as const;
console.log(
  `entity body ${oneBody.length} bytes, collection body ${manyBody.length} bytes (sink ${sink > 0})`,
);
console.table(
  rows.map(([ours, baseline, target]) => {
    const ratio = measured.ratio(ours, baseline);
    return {
      case: ours,
      'ops/s': Math.round(hz(ours)),
      'baseline ops/s': Math.round(hz(baseline)),
      ratio: Number(ratio.toFixed(2)),
      target: `≥ ${target}`,
      met: ratio >= target ? 'yes' : 'NO',
    };
  }),
);
