/** The fish completion script: the same decisions as the bash and zsh ones (completion.ts), in fish. */
import type { Command } from 'commander';
import { type CommandNode, commandNodes, FIXED, PASSED } from './completion.js';

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The `path:flag` pattern, quoted whole (fish expands an unquoted `*` as a file name). */
const fishPattern = (n: CommandNode, flag: string) => q(n.path === '' ? `*:${flag}` : `${n.path}:${flag}`);

function arms(entries: readonly (readonly [readonly string[], readonly string[]])[], indent: string): string {
  return entries
    .map(
      ([patterns, body]) =>
        `${indent}case ${patterns.join(' ')}\n${body.map((b) => `${indent}    ${b}`).join('\n')}`,
    )
    .join('\n');
}

function positional(n: CommandNode): string[] {
  const lines = ['switch $n'];
  n.positional.forEach((p, i) => {
    lines.push(`    case ${p.endsWith('…') ? "'*'" : i}`, `        set what ${p.replace('…', '')}`);
  });
  lines.push('end');
  return lines;
}

export function fishCompletion(program: Command): string {
  const all = commandNodes(program);
  const nodes = [...all.filter((n) => n.path !== ''), ...all.filter((n) => n.path === '')];
  const groups = nodes.filter((n) => n.path !== '' && n.subcommands.length > 0).map((n) => q(n.path));
  const takes = nodes.flatMap((n) => n.valueFlags.map((v) => fishPattern(n, v.flag)));
  const what = nodes.flatMap((n) =>
    n.valueFlags
      .filter((v) => v.what !== '')
      .map((v) => [[fishPattern(n, v.flag)], [`set what ${v.what}`]] as const),
  );
  const options = nodes.map((n) => [[q(n.path)], [`printf '%s\\n' ${n.flags.join(' ')}`]] as const);
  const words = nodes.map(
    (n) =>
      [
        [q(n.path)],
        n.subcommands.length > 0
          ? [`printf '%s\\t%s\\n' ${n.subcommands.map((s) => `${q(s.name)} ${q(s.description)}`).join(' ')}`]
          : n.positional.length > 0
            ? positional(n)
            : [],
      ] as const,
  );
  const fixed = Object.entries(FIXED).map(([k, v]) => [[k], [`printf '%s\\n' ${v}`]] as const);
  return `# fish completion for occi. Install: occi completion fish > ~/.config/fish/completions/occi.fish
function __occi_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmdpath ''
    set -l skip ''
    set -l opt ''
    set -l n 0
    set -l globals
    set -l what ''
    for w in $tokens[2..-1]
        if test -n "$skip"
            test "$skip" = g; and set -a globals -- $w
            set skip ''
            continue
        end
        switch $w
            case ${PASSED.join(' ')}
                set -a globals -- $w
                set skip g
                set opt $w
                continue
        end
        switch "$cmdpath:$w"
            case ${takes.join(' ')}
                set skip 1
                set opt $w
            case '*:-*'
            case '*'
                switch "$cmdpath"
                    case ''
                        set cmdpath $w
                    case ${groups.join(' ')}
                        set cmdpath "$cmdpath $w"
                    case '*'
                        set n (math $n + 1)
                end
        end
    end
    if test -n "$skip"
        # The value being typed is not passed on.
        test "$skip" = g; and set -e globals[-1]
        switch "$cmdpath:$opt"
${arms(what, '            ')}
        end
    else if string match -q -- '-*' "$cur"
        switch "$cmdpath"
${arms(options, '            ')}
        end
        return
    else
        switch "$cmdpath"
${arms(words, '            ')}
        end
    end
    switch "$what"
${arms(fixed, '        ')}
        case files
            __fish_complete_path "$cur"
        case ''
        case '*'
            occi $globals __complete $what 2>/dev/null
    end
end
complete -c occi -f -a '(__occi_complete)'
`;
}
