/**
 * Shell completion scripts for bash, zsh and fish, written from the
 * program's own commands and options. Commands, options and fixed values
 * complete in the shell; names from the endpoint (kinds, mixins, actions,
 * attributes, entity locations) and the config file (profiles, groups) come
 * from `occi __complete <what>` (completion-values.ts), called with the
 * endpoint, profile and sites options typed on the line.
 */
import type { Command } from 'commander';

/** What each command's positional arguments complete with; `…` repeats the last. */
const POSITIONAL: Record<string, string[]> = {
  describe: ['categories'],
  list: ['categories'],
  get: ['locations…'],
  create: ['kinds'],
  update: ['locations'],
  replace: ['locations'],
  delete: ['locations…'],
  action: ['locations', 'actions'],
  link: ['locations', 'locations'],
  'mixin delete': ['mixins'],
  'mixin add': ['mixins', 'locations…'],
  'mixin remove': ['mixins', 'locations…'],
  'mixin set': ['mixins', 'locations…'],
  'config show': ['profiles'],
  'config set': ['profiles'],
  'config rename': ['profiles'],
  'config use': ['profiles'],
  'config remove': ['profiles'],
  'config group': ['groups', 'profiles…'],
  login: ['profiles'],
  logout: ['profiles'],
  completion: ['shells'],
  parse: ['files'],
};

/** What option values complete with, by long flag; fixed lists are written into the scripts. */
const OPTION_VALUES: Record<string, string> = {
  '--mixin': 'mixins',
  '--depends': 'mixins',
  '--attr': 'attributes',
  '--filter': 'attributes',
  '--category': 'categories',
  '--kind': 'kinds',
  '--collection': 'kinds',
  '--applies': 'kinds',
  '--profile': 'profiles',
  '--sites': 'sites',
  '--place': 'places',
  '--output': 'outputs',
  '--rendering': 'renderings',
  '--as': 'as',
  '--class': 'classes',
};

export const FIXED: Record<string, string> = {
  outputs: 'table json text yaml name custom-columns= jsonpath=',
  renderings: 'json plain occi',
  as: 'entity update collection categories action model',
  classes: 'kind mixin action',
  shells: 'bash zsh fish',
};

/** Global options that choose the endpoint or the sites: passed on to `occi __complete`. */
export const PASSED = [
  '-e',
  '--endpoint',
  '-u',
  '--user',
  '-p',
  '--password',
  '-t',
  '--token',
  '--profile',
  '--config',
  '--sites',
  '-r',
  '--rendering',
];

export interface CommandNode {
  path: string;
  description: string;
  subcommands: { name: string; description: string }[];
  /** Every flag of the command and the global ones. */
  flags: string[];
  /** Flags that take a value, each with what completes it ('' when nothing does); the root's are the global ones, taken anywhere. */
  valueFlags: { flag: string; what: string }[];
  positional: string[];
}

const flagsOf = (c: Command) => c.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));

/** The command tree, hidden commands left out. */
export function commandNodes(program: Command): CommandNode[] {
  const out: CommandNode[] = [];
  const globals = program.options;
  const walk = (command: Command, path: string) => {
    const subs = command.commands.filter(
      (c) => c.name() !== 'help' && !(c as unknown as { _hidden?: boolean })._hidden,
    );
    const own = command === program ? globals : command.options;
    const valueFlags = own
      .filter((o) => o.required || o.optional)
      .flatMap((o) =>
        [o.long, o.short]
          .filter((f): f is string => !!f)
          .map((flag) => ({ flag, what: OPTION_VALUES[o.long ?? ''] ?? '' })),
      );
    out.push({
      path,
      description: command.description(),
      subcommands: subs.map((c) => ({ name: c.name(), description: c.description() })),
      flags: [...(command === program ? [] : flagsOf(command)), ...flagsOf(program), '--help'],
      valueFlags,
      positional: POSITIONAL[path] ?? [],
    });
    for (const c of subs) walk(c, path === '' ? c.name() : `${path} ${c.name()}`);
  };
  walk(program, '');
  return out;
}

const quote = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;

/** The `path:flag` pattern of a value flag: the global ones (the root's) match under every command. */
export const flagPattern = (n: CommandNode, flag: string, quoted: (s: string) => string) =>
  n.path === '' ? `*:${quoted(flag)}` : quoted(`${n.path}:${flag}`);

/** The root last: a command's own flag wins over a global one of the same name. */
const rootLast = (nodes: readonly CommandNode[]) => [
  ...nodes.filter((n) => n.path !== ''),
  ...nodes.filter((n) => n.path === ''),
];

/** The `case` arms bash and zsh share: which option takes a value, and what completes it. */
function shCases(nodes: readonly CommandNode[]): {
  takes: string;
  what: string;
  positional: string;
  words: string;
} {
  const takes = rootLast(nodes).flatMap((n) => n.valueFlags.map((v) => flagPattern(n, v.flag, quote)));
  const what = rootLast(nodes)
    .flatMap((n) =>
      n.valueFlags
        .filter((v) => v.what !== '')
        .map((v) => `    ${flagPattern(n, v.flag, quote)}) what=${v.what} ;;`),
    )
    .join('\n');
  const positional = nodes
    .filter((n) => n.positional.length > 0)
    .map((n) => {
      const arms = n.positional.map((p, i) =>
        p.endsWith('…') ? `*) what=${p.slice(0, -1)} ;;` : `${i}) what=${p} ;;`,
      );
      return `    ${quote(n.path)}) case "$n" in ${arms.join(' ')} esac ;;`;
    })
    .join('\n');
  const words = nodes
    .map(
      (n) =>
        `    ${quote(n.path)}) cands=${quote([...n.subcommands.map((s) => s.name), ...n.flags].join(' '))} ;;`,
    )
    .join('\n');
  return { takes: takes.join('|'), what, positional, words };
}

/** The scan of the words typed before the cursor, the same in bash and zsh. */
function shScan(cases: ReturnType<typeof shCases>, groups: string): string {
  return `    if [[ -n "$skip" ]]; then [[ "$skip" == g ]] && globals+=("$w"); skip=""; continue; fi
    case "$w" in
      ${PASSED.join('|')}) globals+=("$w"); skip=g; opt="$w"; continue ;;
    esac
    case "$cmdpath:$w" in
      ${cases.takes}) skip=1; opt="$w" ;;
      *:-*) ;;
      *) case "$cmdpath" in "") cmdpath="$w" ;; ${groups}) cmdpath="$cmdpath $w" ;; *) n=$((n + 1)) ;; esac ;;
    esac`;
}

function shWhat(cases: ReturnType<typeof shCases>): string {
  const fixed = Object.entries(FIXED)
    .map(([k, v]) => `${k}) cands=${quote(v)}; what="" ;;`)
    .join(' ');
  return `  if [[ -n "$skip" ]]; then
    # The value being typed is not passed on.
    [[ "$skip" == g ]] && globals=("\${globals[@]:0:\${#globals[@]}-1}")
    case "$cmdpath:$opt" in
${cases.what}
    esac
  elif [[ "$cur" == -* ]]; then
    case "$cmdpath" in
${cases.words}
    esac
  else
    case "$cmdpath" in
${cases.positional}
      *) case "$cmdpath" in
${cases.words.replace(/^ {4}/gm, '        ')}
      esac ;;
    esac
  fi
  case "$what" in ${fixed} esac`;
}

const groupPaths = (nodes: readonly CommandNode[]) =>
  nodes
    .filter((n) => n.path !== '' && n.subcommands.length > 0)
    .map((n) => n.path)
    .join('|');

export function bashCompletion(program: Command): string {
  const nodes = commandNodes(program);
  const cases = shCases(nodes);
  return `# bash completion for occi. Install: occi completion bash > ~/.local/share/bash-completion/completions/occi
# (or add "source <(occi completion bash)" to ~/.bashrc)
_occi() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" skip="" opt="" w i n=0 what="" cands=""
  local -a globals=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
${shScan(cases, groupPaths(nodes)).replace(/^ {4}/gm, '    ')}
  done
${shWhat(cases)}
  if [[ "$what" == files ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi
  if [[ -n "$what" ]]; then
    cands="$(occi "\${globals[@]}" __complete "$what" 2>/dev/null)"
    [[ "$what" == attributes ]] && compopt -o nospace 2>/dev/null
  fi
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "\${cands// /$'\\n'}" -- "$cur"))
}
complete -F _occi occi
`;
}

export function zshCompletion(program: Command): string {
  const nodes = commandNodes(program);
  const cases = shCases(nodes);
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "'\\''").replace(/:/g, '\\:');
  const described = nodes
    .filter((n) => n.subcommands.length > 0)
    .map(
      (n) =>
        `    ${quote(n.path)}) descs=(${n.subcommands.map((s) => `'${esc(s.name)}:${esc(s.description)}'`).join(' ')}) ;;`,
    )
    .join('\n');
  return `#compdef occi
# zsh completion for occi. Install: occi completion zsh > "\${fpath[1]}/_occi" (or: source <(occi completion zsh))
_occi() {
  local cur="\${words[CURRENT]}" cmdpath="" skip="" opt="" w n=0 what="" cands=""
  local -a globals descs
  for w in "\${(@)words[2,CURRENT-1]}"; do
${shScan(cases, groupPaths(nodes))}
  done
${shWhat(cases)}
  if [[ "$what" == files ]]; then _files; return; fi
  if [[ -n "$what" ]]; then
    local -a values
    values=("\${(@f)$(occi "\${globals[@]}" __complete "$what" 2>/dev/null)}")
    if [[ "$what" == attributes ]]; then compadd -S '' -- "\${values[@]}"; else compadd -- "\${values[@]}"; fi
    return
  fi
  local -a list
  list=(\${=cands})
  if [[ -z "$skip" && "$cur" != -* ]]; then
    case "$cmdpath" in
${described}
    esac
    if (( \${#descs} )); then
      _describe -t commands 'occi command' descs
      list=(\${(M)list:#-*})
    fi
  fi
  (( \${#list} )) && compadd -- "\${list[@]}"
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _occi "$@"; else compdef _occi occi; fi
`;
}

export { fishCompletion } from './completion-fish.js';
