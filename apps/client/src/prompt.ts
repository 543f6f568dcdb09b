/**
 * Asking on the terminal: a password or token without echo (the terminal in
 * raw mode: what is typed is never written back; backspace and Ctrl-U edit,
 * Ctrl-C and Ctrl-D on an empty line cancel), a user name with echo; or one
 * line of standard input when it is no terminal (`--password-stdin`). The
 * prompt goes to standard error, so standard output stays the command's.
 */
import type { Streams } from './context.js';
import { CliError, EXIT } from './exit-codes.js';

interface Input {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  setEncoding?(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

const cancelled = () => new CliError(EXIT.interrupted, 'cancelled');

/** True when standard input is a terminal that can stop echoing. */
export function isTerminal(streams: Streams): boolean {
  const stdin = streams.stdin as unknown as Input;
  return stdin.isTTY === true && typeof stdin.setRawMode === 'function';
}

/** What was read past the last line given out, per stream (several lines may come in one chunk). */
const pending = new WeakMap<object, { text: string; ended: boolean }>();

/**
 * Reads one line of `stdin` (without its end of line). `onChar`, in raw
 * mode, sees each character instead and says when the line is complete.
 */
function readFrom(
  stdin: Input,
  onChar?: (c: string, line: string) => { line: string; done?: boolean },
): Promise<string> {
  const state = pending.get(stdin) ?? { text: '', ended: false };
  pending.set(stdin, state);
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
      if (error) reject(error);
      else resolve(line);
    };
    const take = (): boolean => {
      if (onChar) {
        while (state.text !== '') {
          const c = state.text[0]!;
          state.text = state.text.slice(1);
          try {
            const step = onChar(c, line);
            line = step.line;
            if (step.done) return true;
          } catch (error) {
            finish(error as Error);
            return false;
          }
        }
        return false;
      }
      const nl = state.text.indexOf('\n');
      if (nl < 0) return false;
      line = state.text.slice(0, nl).replace(/\r$/, '');
      state.text = state.text.slice(nl + 1);
      return true;
    };
    const onData = (chunk: string | Buffer) => {
      state.text += chunk.toString();
      if (take()) finish();
    };
    const onEnd = () => {
      state.ended = true;
      if (onChar) return finish(line === '' ? cancelled() : undefined);
      line = state.text.replace(/\r?\n?$/, '');
      state.text = '';
      finish();
    };
    if (take()) return void resolve(line);
    if (state.ended) return void onEnd();
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/** A secret typed on the terminal, not echoed; or the next line of standard input when it is no terminal. */
export async function readSecret(streams: Streams, prompt: string): Promise<string> {
  const stdin = streams.stdin as unknown as Input;
  if (!isTerminal(streams)) return readFrom(stdin);
  streams.stderr.write(prompt);
  stdin.setEncoding?.('utf8');
  stdin.setRawMode!(true);
  try {
    return await readFrom(stdin, (c, line) => {
      if (c === '\r' || c === '\n') return { line, done: true };
      if (c === '\u0003' || (c === '\u0004' && line === '')) throw cancelled();
      if (c === '\u0004') return { line, done: true };
      if (c === '\u007f' || c === '\b') return { line: [...line].slice(0, -1).join('') };
      if (c === '\u0015') return { line: '' };
      if (c < ' ') return { line };
      return { line: line + c };
    });
  } finally {
    stdin.setRawMode!(false);
    streams.stderr.write('\n');
  }
}

/** A line typed on the terminal with echo (the terminal's own), or the next line of standard input. */
export async function readLine(streams: Streams, prompt: string): Promise<string> {
  if (isTerminal(streams)) streams.stderr.write(prompt);
  return readFrom(streams.stdin as unknown as Input);
}
