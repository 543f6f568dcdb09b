/** `occi completion bash|zsh`: the shell completion script. */
import { examples, type Register } from '../command.js';
import { usageError } from '../exit-codes.js';

export const register: Register = (program, act) => {
  program
    .command('completion')
    .argument('<shell>', 'bash or zsh')
    .description('print the shell completion script for bash or zsh')
    .addHelpText('after', examples('source <(occi completion bash)', 'occi completion zsh > ~/.zfunc/_occi'))
    .action(
      act(async (ctx, [shell]) => {
        const { bashCompletion, zshCompletion } = await import('../completion.js');
        if (shell === 'bash') ctx.print(bashCompletion(program));
        else if (shell === 'zsh') ctx.print(zshCompletion(program));
        else throw usageError(`shell "${shell}" is not one of bash, zsh`);
        return undefined;
      }),
    );
};
