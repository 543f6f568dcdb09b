/**
 * @occi/render-text against plain JSON in the same run: rendering and
 * parsing one compute-like resource with 2 links and 12 attributes in
 * text/plain (and text/occi for reference), against JSON.stringify and
 * JSON.parse of the equivalent application/occi+json document (built by hand).
 *
 *   node --conditions=@occi/source --import tsx bench/render-text.bench.ts
 *
 * Targets: parse ≥ 0.5× JSON.parse, render ≥ 0.5× JSON.stringify (text/plain).
 */

import type { Entity, Extension } from '../packages/core/src/index.js';
import { Model } from '../packages/core/src/index.js';
import { textOcci, textPlain } from '../packages/render-text/src/index.js';
import { interleave } from './lib/interleave.js';

const S = 'http://example.com/occi/bench#';
const A = 'http://example.com/occi/bench/compute/action#';
const extension: Extension = {
  name: 'bench',
  kinds: [
    {
      scheme: S,
      term: 'compute',
      parent: 'http://schemas.ogf.org/occi/core#resource',
      location: '/compute/',
      actions: [`${A}stop`, `${A}restart`],
      attributes: {
        'com.example.compute.tags': { type: 'array', mutable: true },
        'com.example.compute.labels': { type: 'object', mutable: true },
        'com.example.compute.boot.order': { type: 'array', mutable: true },
      },
    },
    {
      scheme: S,
      term: 'network',
      parent: 'http://schemas.ogf.org/occi/core#resource',
      location: '/network/',
    },
    {
      scheme: S,
      term: 'networkinterface',
      parent: 'http://schemas.ogf.org/occi/core#link',
      location: '/networkinterface/',
    },
  ],
  actions: [
    { scheme: A, term: 'stop' },
    { scheme: A, term: 'restart' },
  ],
};
const model = Model.create([extension]);
const context = { model, baseUrl: 'http://localhost:8080' };

const id = 'urn:uuid:6f1c2f0e-0000-4000-8000-000000000001';
const link = (n: number): Entity => ({
  id: `urn:uuid:7a2d3e1f-000${n}-4000-8000-000000000001`,
  kind: `${S}networkinterface`,
  mixins: ['http://example.com/occi/bench/networkinterface#ipnetworkinterface'],
  location: `/networkinterface/ni-${n}`,
  attributes: {
    'com.example.ni.interface': `eth${n}`,
    'com.example.ni.mac': '00:80:41:ae:fd:7e',
    'com.example.ni.address': `192.168.${n}.1`,
  },
  source: { location: '/compute/vm-1', kind: `${S}compute` },
  target: { location: `/network/net-${n}`, kind: `${S}network` },
});
const entity: Entity = {
  id,
  kind: `${S}compute`,
  mixins: [
    'http://example.com/occi/bench/os_tpl#debian12',
    'http://example.com/occi/bench/resource_tpl#medium',
  ],
  title: 'vm-1',
  summary: 'a benchmark machine',
  location: '/compute/vm-1',
  actions: [`${A}stop`, `${A}restart`],
  links: [link(1), link(2)],
  attributes: {
    'com.example.compute.architecture': 'x64',
    'com.example.compute.cores': 4,
    'com.example.compute.share': 2,
    'com.example.compute.hostname': 'vm-1.example.com',
    'com.example.compute.memory': 8.5,
    'com.example.compute.state': 'active',
    'com.example.compute.state.message': 'running since boot',
    'com.example.compute.gpu': false,
    'com.example.compute.tags': ['web', 'prod', 'eu'],
    'com.example.compute.labels': { team: 'ops', tier: 'frontend' },
    'com.example.compute.boot.order': [1, 2, 3],
    'com.example.compute.created': '2026-11-29T08:00:00Z',
  },
};

/** The same resource in the JSON rendering's shape (GFD.225 §3.1.1), written out by hand. */
const jsonLink = (n: number) => ({
  kind: `${S}networkinterface`,
  mixins: ['http://example.com/occi/bench/networkinterface#ipnetworkinterface'],
  attributes: {
    'com.example.ni.interface': `eth${n}`,
    'com.example.ni.mac': '00:80:41:ae:fd:7e',
    'com.example.ni.address': `192.168.${n}.1`,
  },
  id: `urn:uuid:7a2d3e1f-000${n}-4000-8000-000000000001`,
  location: `/networkinterface/ni-${n}`,
  source: { location: '/compute/vm-1', kind: `${S}compute` },
  target: { location: `/network/net-${n}`, kind: `${S}network` },
});
const jsonDocument = {
  kind: `${S}compute`,
  mixins: [
    'http://example.com/occi/bench/os_tpl#debian12',
    'http://example.com/occi/bench/resource_tpl#medium',
  ],
  attributes: entity.attributes,
  actions: [`${A}stop`, `${A}restart`],
  id,
  title: 'vm-1',
  summary: 'a benchmark machine',
  links: [jsonLink(1), jsonLink(2)],
  location: '/compute/vm-1',
};
const jsonBody = JSON.stringify(jsonDocument);
const plainPayload = textPlain.renderEntity(entity, context);
const occiPayload = textOcci.renderEntity(entity, context);

let sink = 0;
// Interleaved rounds in CPU time (bench/lib/interleave.ts): a ratio compares functions under the same load.
const measured = interleave({
  'text/plain render entity': () => {
    sink += textPlain.renderEntity(entity, context).body.length;
  },
  'text/plain parse entity': () => {
    sink += textPlain.parseEntity(plainPayload, context).mixins!.length;
  },
  'text/occi render entity': () => {
    sink += textOcci.renderEntity(entity, context).body.length;
  },
  'text/occi parse entity': () => {
    sink += textOcci.parseEntity(occiPayload, context).mixins!.length;
  },
  'JSON.stringify entity': () => {
    sink += JSON.stringify(jsonDocument).length;
  },
  'JSON.parse entity': () => {
    sink += (JSON.parse(jsonBody) as { mixins: unknown[] }).mixins.length;
  },
});

const hz = (name: string): number => measured.hz(name);
const rows = [
  ['text/plain render entity', 'JSON.stringify entity', 0.5],
  ['text/plain parse entity', 'JSON.parse entity', 0.5],
  ['text/occi render entity', 'JSON.stringify entity', undefined],
  ['text/occi parse entity', 'JSON.parse entity', undefined],
] as const;
console.log(
  `text/plain body ${plainPayload.body.length} chars, JSON body ${jsonBody.length} chars (sink ${sink > 0})`,
);
console.table(
  rows.map(([ours, baseline, target]) => {
    const ratio = measured.ratio(ours, baseline);
    return {
      case: ours,
      'ops/s': Math.round(hz(ours)),
      baseline,
      'baseline ops/s': Math.round(hz(baseline)),
      ratio: Number(ratio.toFixed(2)),
      target: target === undefined ? '-' : `≥ ${target}`,
      met: target === undefined ? '-' : ratio >= target ? 'yes' : 'NO',
    };
  }),
);
