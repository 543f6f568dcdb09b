/**
 * `occi __complete <what>` (hidden): the values the shell completion scripts
 * complete from the endpoint (kinds, mixins, actions, attributes, entity
 * locations) or the config file (profiles, groups), one a line; silent on
 * any failure (completion-values.ts).
 */
import { examples, type Register } from '../command.js';

export const register: Register = (program, act) => {
  program
    .command('__complete', { hidden: true })
    .argument(
      '<what>',
      'kinds, mixins, actions, categories, attributes, locations, profiles, groups, sites or places',
    )
    .description('values for shell completion, one a line (used by the completion scripts)')
    .addHelpText('after', examples('occi __complete kinds'))
    .action(
      act(async (ctx, [what]) => {
        // Never a prompt, never a long wait: a completion answers at once or not at all.
        ctx.globals.timeout ??= '3';
        const { completionValues } = await import('../completion-values.js');
        const values = await completionValues(ctx, what!);
        ctx.print(values.map((v) => `${v}\n`).join(''));
        return undefined;
      }),
    );
};
