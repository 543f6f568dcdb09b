/** `occi codegen`: TypeScript types for the server's model, for the typed SDK (`connect<Model>()`). */
import { writeFile } from 'node:fs/promises';
import { examples, type Register } from '../command.js';
import { usageError } from '../exit-codes.js';

export const register: Register = (program, act) => {
  program
    .command('codegen')
    .description(
      'write TypeScript types for the discovered kinds, mixins and actions (typed create, update, invoke)',
    )
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--from <module>', 'the module to import ModelTypes from', 'occi')
    .addHelpText(
      'after',
      `${examples('occi codegen --out src/occi-model.ts')}
Then:
  import { connect } from 'occi';
  import { type Model, kinds } from './occi-model.js';
  const occi = connect<Model>({ endpoint: 'http://localhost:8080' });
  await occi.create(kinds.compute, { attributes: { 'occi.compute.cores': 2 } });
`,
    )
    .action(
      act(async (ctx, _args, opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        const { generateTypes } = await import('../codegen.js');
        const source = generateTypes(model, { source: client.endpoint, from: opts.from as string });
        if (typeof opts.out === 'string') {
          try {
            await writeFile(opts.out, source);
          } catch (error) {
            throw usageError(`cannot write ${opts.out}: ${(error as Error).message}`);
          }
          ctx.warn(`wrote ${opts.out}\n`);
        } else ctx.print(source);
        return undefined;
      }),
    );
};
