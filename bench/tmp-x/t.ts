import { sampleCompute } from '../lib/sample-entity.js';
const { model, entity } = await sampleCompute();
console.log(JSON.stringify(entity, null, 1).slice(0, 3000));
const { textPlain } = await import('../../packages/render-text/src/index.js');
const { jsonRendering } = await import('../../packages/render-json/src/index.js');
const ctx = { model, baseUrl: 'http://localhost:8080' };
console.log(textPlain.renderEntity(entity, ctx).body);
console.log(jsonRendering.renderEntity(entity, ctx).body.length);
