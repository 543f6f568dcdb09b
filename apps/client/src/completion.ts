/** Shell completion scripts for bash and zsh, written from the program's own commands and options. */
import type { Command } from 'commander';

interface Node {
  path: string;
  words: string[];
  description: string;
}

function optionWords(command: Command): string[] {
  return command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
}

function nodes(program: Command): Node[] {
  const out: Node[] = [];
  const walk = (command: Command, path: string) => {
    const subs = command.commands.filter((c) => c.name() !== 'help');
    out.push({
      path,
      words: [...subs.map((c) => c.name()), ...optionWords(command), '--help'],
      description: command.description(),
    });
    for (const c of subs) walk(c, path === '' ? c.name() : `${path} ${c.name()}`);
  };
  walk(program, '');
  return out;
}

/** Options that take a value (their value is not a command word). */
function valueOptions(program: Command): string[] {
  const all: string[] = [];
  const walk = (c: Command) => {
    for (const o of c.options)
      if (o.required || o.optional) all.push(...[o.long, o.short].filter((f): f is string => !!f));
    c.commands.forEach(walk);
  };
  walk(program);
  return [...new Set(all)];
}

export function bashCompletion(program: Command): string {
  const cases = nodes(program)
    .map((n) => `    "${n.path}") words="${n.words.join(' ')}" ;;`)
    .join('\n');
  return `# bash completion for occi. Install: occi completion bash > ~/.local/share/bash-completion/completions/occi
# (or add "source <(occi completion bash)" to ~/.bashrc)
_occi() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" skip="" w i words=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ -n "$skip" ]]; then skip=""; continue; fi
    case "$w" in
      ${valueOptions(program).join('|')}) skip=1 ;;
      -*) ;;
      *) case "$cmdpath" in "" ) cmdpath="$w" ;; mixin) cmdpath="mixin $w" ;; esac ;;
    esac
  done
  case "$cmdpath" in
${cases}
    *) words="" ;;
  esac
  case "\${COMP_WORDS[COMP_CWORD-1]}" in
    -o|--output) words="table json text" ;;
    -r|--rendering) words="json plain occi" ;;
    --as) words="entity collection categories action" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  if [[ "$cur" != -* && "$cmdpath" == parse ]]; then COMPREPLY+=($(compgen -f -- "$cur")); fi
}
complete -F _occi occi
`;
}

export function zshCompletion(program: Command): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "'\\''").replace(/:/g, '\\:');
  const cases = nodes(program)
    .map((n) => {
      const subs = program.commands
        .concat(program.commands.flatMap((c) => c.commands))
        .filter((c) =>
          n.path === '' ? c.parent === program : c.parent?.name() === n.path && n.path === 'mixin',
        )
        .map((c) => `'${c.name()}:${esc(c.description())}'`);
      const opts = n.words.filter((w) => w.startsWith('-'));
      return `    "${n.path}")\n      _describe -t commands 'occi command' '(${subs.join(' ')})' 2>/dev/null\n      compadd -- ${opts.join(' ')} ;;`;
    })
    .join('\n');
  return `#compdef occi
# zsh completion for occi. Install: occi completion zsh > "\${fpath[1]}/_occi" (or: source <(occi completion zsh))
_occi() {
  local -a rest
  local cmdpath="" skip="" w
  for w in "\${(@)words[2,CURRENT-1]}"; do
    if [[ -n "$skip" ]]; then skip=""; continue; fi
    case "$w" in
      ${valueOptions(program).join('|')}) skip=1 ;;
      -*) ;;
      *) case "$cmdpath" in "") cmdpath="$w" ;; mixin) cmdpath="mixin $w" ;; esac ;;
    esac
  done
  case "\${words[CURRENT-1]}" in
    -o|--output) compadd table json text; return ;;
    -r|--rendering) compadd json plain occi; return ;;
    --as) compadd entity collection categories action; return ;;
  esac
  case "$cmdpath" in
${cases}
    parse) _files ;;
  esac
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _occi "$@"; else compdef _occi occi; fi
`;
}
