/** `occi completion bash|zsh|fish`: the shell completion script. */
import { examples, type Register } from '../command.js';
import { usageError } from '../exit-codes.js';

export const register: Register = (program, act) => {
  program
    .command('completion')
    .argument('<shell>', 'bash, zsh or fish')
    .description('print the shell completion script for bash, zsh or fish')
    .addHelpText(
      'after',
      examples(
        'source <(occi completion bash)',
        'occi completion zsh > ~/.zfunc/_occi',
        'occi completion fish > ~/.config/fish/completions/occi.fish',
      ),
    )
    .action(
      act(async (ctx, [shell]) => {
        const { bashCompletion, fishCompletion, zshCompletion } = await import('../completion.js');
        if (shell === 'bash') ctx.print(bashCompletion(program));
        else if (shell === 'zsh') ctx.print(zshCompletion(program));
        else if (shell === 'fish') ctx.print(fishCompletion(program));
        else throw usageError(`shell "${shell}" is not one of bash, zsh, fish`);
        return undefined;
      }),
    );
};
