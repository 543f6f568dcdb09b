/**
 * Parse and render one compute (with two network interfaces and a storage
 * link, as the server returns it) in each rendering, against JSON.parse and
 * JSON.stringify of the equivalent application/occi+json document, with
 * tinybench in this process. Targets (from the rendering issues): text parse
 * ≥ 0.5× JSON.parse, text render ≥ 0.5× JSON.stringify, JSON render ≥ 0.7×
 * JSON.stringify, JSON parse-with-validation ≥ 0.5× JSON.parse.
 * bench/render-text.bench.ts and bench/render-json.bench.ts measure more shapes.
 */
import { Bench } from 'tinybench';
import { jsonRendering } from '../../packages/render-json/src/index.js';
import { textOcci, textPlain } from '../../packages/render-text/src/index.js';
import { sampleCompute } from '../lib/sample-entity.js';
import { type BenchCase, ops, type Row } from '../lib/table.js';

export const renderings: BenchCase = {
  name: 'renderings',
  description: 'parse and render of text/plain, text/occi and json vs JSON.parse / JSON.stringify',
  async run() {
    const { model, entity } = await sampleCompute();
    const context = { model, baseUrl: 'http://localhost:8080' };
    const json = jsonRendering.renderEntity(entity, context);
    const plain = textPlain.renderEntity(entity, context);
    const occi = textOcci.renderEntity(entity, context);
    const document = JSON.parse(json.body) as unknown;
    let sink = 0;
    const bench = new Bench({ name: 'renderings', time: 1500, warmupTime: 300 });
    bench
      .add('JSON.stringify', () => {
        sink += JSON.stringify(document).length;
      })
      .add('JSON.parse', () => {
        sink += (JSON.parse(json.body) as { attributes: object }).attributes ? 1 : 0;
      })
      .add('render json', () => {
        sink += jsonRendering.renderEntity(entity, context).body.length;
      })
      .add('parse json', () => {
        sink += jsonRendering.parseEntity(json, context).attributes ? 1 : 0;
      })
      .add('render text/plain', () => {
        sink += textPlain.renderEntity(entity, context).body.length;
      })
      .add('parse text/plain', () => {
        sink += textPlain.parseEntity(plain, context).attributes ? 1 : 0;
      })
      .add('render text/occi', () => {
        sink += Object.keys(textOcci.renderEntity(entity, context).headers).length;
      })
      .add('parse text/occi', () => {
        sink += textOcci.parseEntity(occi, context).attributes ? 1 : 0;
      });
    await bench.run();
    if (sink === 0) throw new Error('the benchmarked functions returned nothing');
    const hz = (name: string) => {
      const result = bench.getTask(name)?.result as { throughput?: { mean: number } } | undefined;
      const value = result?.throughput?.mean;
      if (value === undefined) throw new Error(`tinybench has no result for "${name}"`);
      return value;
    };
    const row = (ours: string, baseline: string, target: number, label: string): Row => {
      const ratio = hz(ours) / hz(baseline);
      return {
        case: label,
        ours: ops(hz(ours)),
        baseline: `${ops(hz(baseline))} (${baseline})`,
        ratio,
        target: `≥ ${target}×`,
        pass: ratio >= target,
      };
    };
    return [
      row('render json', 'JSON.stringify', 0.7, 'render compute json'),
      row('parse json', 'JSON.parse', 0.5, 'parse compute json (validated)'),
      row('render text/plain', 'JSON.stringify', 0.5, 'render compute text/plain'),
      row('parse text/plain', 'JSON.parse', 0.5, 'parse compute text/plain'),
      row('render text/occi', 'JSON.stringify', 0.5, 'render compute text/occi'),
      row('parse text/occi', 'JSON.parse', 0.5, 'parse compute text/occi'),
    ];
  },
};
