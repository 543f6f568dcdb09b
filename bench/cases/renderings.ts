/**
 * Parse and render one compute (with two network interfaces and a storage
 * link, as the server returns it) in each rendering, against JSON.parse and
 * JSON.stringify of the equivalent application/occi+json document, in this
 * process. Targets (from the rendering issues): text parse
 * ≥ 0.5× JSON.parse, text render ≥ 0.5× JSON.stringify, JSON render ≥ 0.7×
 * JSON.stringify, JSON parse-with-validation ≥ 0.5× JSON.parse. Each function
 * runs in short slices interleaved with the others, round after round, and is
 * timed in CPU time: a ratio compares ours and its baseline under the same
 * load (bench/lib/interleave.ts).
 * bench/render-text.bench.ts and bench/render-json.bench.ts measure more shapes.
 */
import { jsonRendering } from '../../packages/render-json/src/index.js';
import { textOcci, textPlain } from '../../packages/render-text/src/index.js';
import { interleave } from '../lib/interleave.js';
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
    // Ours and its baseline in short interleaved slices, in CPU time (bench/lib/interleave.ts);
    // 21 rounds of 60 ms per function take about 13 s.
    const measured = interleave(
      {
        'JSON.stringify': () => {
          sink += JSON.stringify(document).length;
        },
        'JSON.parse': () => {
          sink += (JSON.parse(json.body) as { attributes: object }).attributes ? 1 : 0;
        },
        'render json': () => {
          sink += jsonRendering.renderEntity(entity, context).body.length;
        },
        'parse json': () => {
          sink += jsonRendering.parseEntity(json, context).attributes ? 1 : 0;
        },
        'render text/plain': () => {
          sink += textPlain.renderEntity(entity, context).body.length;
        },
        'parse text/plain': () => {
          sink += textPlain.parseEntity(plain, context).attributes ? 1 : 0;
        },
        'render text/occi': () => {
          sink += Object.keys(textOcci.renderEntity(entity, context).headers).length;
        },
        'parse text/occi': () => {
          sink += textOcci.parseEntity(occi, context).attributes ? 1 : 0;
        },
      },
      { rounds: 21 },
    );
    if (sink === 0) throw new Error('the benchmarked functions returned nothing');
    const row = (ours: string, baseline: string, target: number, label: string): Row => {
      const ratio = measured.ratio(ours, baseline);
      return {
        case: label,
        ours: ops(measured.hz(ours)),
        baseline: `${ops(measured.hz(baseline))} (${baseline})`,
        ratio,
        target: `≥ ${target}×`,
        pass: ratio >= target,
        note: `op/s of CPU time, medians of ${measured.rounds} interleaved rounds; ratio within each round`,
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
