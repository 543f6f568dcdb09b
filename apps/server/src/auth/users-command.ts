/**
 * `occi-server users …`: manages the users file (accounts, admin role, API
 * tokens). A running server picks up the changes within a second.
 */
import { isOcciError } from '@occi/core';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from './passwords.js';
import { createApiToken, readUsersFile, userNameProblem, writeUsersFile } from './users-file.js';

export interface UsersCommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** scrypt cost of new passwords; default `DEFAULT_SCRYPT_PARAMS`. */
  scrypt?: ScryptParams;
}

export const DEFAULT_USERS_FILE = './.occi-data/users.json';
export const MIN_PASSWORD_LENGTH = 8;

export const USERS_HELP = `Usage: occi-server users <command> [options]

Manage the users file the server authenticates against (HTTP Basic with the
password, or Bearer with an API token). A running server notices changes
within a second.

Commands:
  add <name> [--admin] [--password-stdin]
                          add a user; the password comes from standard input
                          (--password-stdin) or the OCCI_PASSWORD variable
  remove <name>           remove a user and their API tokens
  list                    list users: name, admin, number of API tokens
  token <name>            create an API token for a user and print it (once)
  revoke <name> <id>      revoke one of a user's API tokens

Options:
  --users-file <path>     the users file (default: $OCCI_USERS_FILE,
                          else ${DEFAULT_USERS_FILE})
  -h, --help              show this help

User names: letters, digits, '.', '_', '-' and '@', starting with a letter,
digit or '_'. Passwords: at least ${MIN_PASSWORD_LENGTH} characters.

Examples:
  printf '%s' "$ALICE_PASSWORD" | occi-server users add alice --password-stdin
  OCCI_PASSWORD=s3cret-pass occi-server users add root --admin
  occi-server users token alice
  curl -H "Authorization: Bearer occi_…" http://localhost:8080/-/
`;

class UsageError extends Error {}
class CommandError extends Error {}

interface Parsed {
  words: string[];
  flags: Set<string>;
  usersFile?: string;
}

const KNOWN_FLAGS = new Set(['--admin', '--password-stdin', '--help', '-h']);

function parse(args: readonly string[]): Parsed {
  const words: string[] = [];
  const flags = new Set<string>();
  let usersFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--users-file') {
      const value = args[++i];
      if (value === undefined || value === '') throw new UsageError('--users-file needs a path');
      usersFile = value;
    } else if (arg.startsWith('--users-file=')) {
      usersFile = arg.slice('--users-file='.length);
      if (usersFile === '') throw new UsageError('--users-file needs a path');
    } else if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      if (!KNOWN_FLAGS.has(arg)) throw new UsageError(`unknown option ${arg}`);
      flags.add(arg === '-h' ? '--help' : arg);
    } else {
      words.push(arg);
    }
  }
  return { words, flags, usersFile };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function checkName(name: string | undefined, usage: string): string {
  if (name === undefined) throw new UsageError(`missing user name: ${usage}`);
  const problem = userNameProblem(name);
  if (problem) throw new UsageError(problem);
  return name;
}

function expectWords(words: string[], count: number, usage: string): void {
  if (words.length > count)
    throw new UsageError(`unexpected argument ${JSON.stringify(words[count])}: ${usage}`);
}

/**
 * Runs `occi-server users <args>` (with or without the leading `users`) and
 * returns the exit code: 0 done, 1 the operation failed, 2 bad usage.
 */
export async function runUsersCommand(args: readonly string[], io: UsersCommandIo): Promise<number> {
  const write = (stream: NodeJS.WritableStream, text: string) => stream.write(text);
  try {
    const parsed = parse(args[0] === 'users' ? args.slice(1) : args);
    const [command, ...rest] = parsed.words;
    if (parsed.flags.has('--help') || command === 'help') {
      write(io.stdout, USERS_HELP);
      return 0;
    }
    if (command === undefined) throw new UsageError('missing command (add, remove, list, token or revoke)');
    const path = parsed.usersFile ?? (io.env.OCCI_USERS_FILE || DEFAULT_USERS_FILE);
    const only = (allowed: string[]) => {
      for (const flag of parsed.flags) {
        if (!allowed.includes(flag)) throw new UsageError(`${flag} does not apply to "users ${command}"`);
      }
    };

    switch (command) {
      case 'add': {
        const usage = 'users add <name> [--admin] [--password-stdin]';
        only(['--admin', '--password-stdin']);
        const name = checkName(rest[0], usage);
        expectWords(rest, 1, usage);
        const file = await readUsersFile(path, { missingOk: true });
        if (Object.hasOwn(file.users, name)) {
          throw new CommandError(`user ${name} already exists in ${path} (remove it first to change it)`);
        }
        let password: string;
        if (parsed.flags.has('--password-stdin')) {
          // One trailing line break is the end of the line, not part of the password.
          password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
        } else if (io.env.OCCI_PASSWORD !== undefined) {
          password = io.env.OCCI_PASSWORD;
        } else {
          throw new UsageError(
            'no password given: pipe it to standard input with --password-stdin, or set the OCCI_PASSWORD environment variable',
          );
        }
        if ([...password].length < MIN_PASSWORD_LENGTH) {
          throw new CommandError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
        }
        const hash = await hashPassword(password, io.scrypt ?? DEFAULT_SCRYPT_PARAMS);
        // Read again: the file may have changed while the password was hashed.
        const latest = await readUsersFile(path, { missingOk: true });
        if (Object.hasOwn(latest.users, name))
          throw new CommandError(`user ${name} already exists in ${path}`);
        latest.users[name] = { password: hash, admin: parsed.flags.has('--admin'), tokens: [] };
        await writeUsersFile(path, latest);
        write(io.stdout, `added user ${name}${parsed.flags.has('--admin') ? ' (admin)' : ''} to ${path}\n`);
        return 0;
      }
      case 'remove': {
        const usage = 'users remove <name>';
        only([]);
        const name = checkName(rest[0], usage);
        expectWords(rest, 1, usage);
        const file = await readUsersFile(path);
        if (!Object.hasOwn(file.users, name)) throw new CommandError(`no user ${name} in ${path}`);
        delete file.users[name];
        await writeUsersFile(path, file);
        write(io.stdout, `removed user ${name} from ${path}\n`);
        return 0;
      }
      case 'list': {
        only([]);
        expectWords(rest, 0, 'users list');
        const file = await readUsersFile(path, { missingOk: true });
        const names = Object.keys(file.users).sort();
        if (names.length === 0) {
          write(io.stdout, `no users in ${path}\n`);
          return 0;
        }
        const rows = [['NAME', 'ADMIN', 'TOKENS']];
        for (const name of names) {
          const user = file.users[name]!;
          rows.push([name, user.admin ? 'yes' : 'no', String(user.tokens.length)]);
        }
        const width = Math.max(...rows.map((row) => row[0]!.length));
        for (const [name, admin, count] of rows)
          write(io.stdout, `${name!.padEnd(width)}  ${admin!.padEnd(5)}  ${count}\n`);
        return 0;
      }
      case 'token': {
        const usage = 'users token <name>';
        only([]);
        const name = checkName(rest[0], usage);
        expectWords(rest, 1, usage);
        const file = await readUsersFile(path);
        const user = Object.hasOwn(file.users, name) ? file.users[name] : undefined;
        if (!user) throw new CommandError(`no user ${name} in ${path}`);
        const { token, record } = createApiToken();
        user.tokens.push(record);
        await writeUsersFile(path, file);
        write(io.stdout, `${token}\n`);
        write(
          io.stderr,
          `created API token ${record.id} for ${name}; it is shown only this once (revoke it with "occi-server users revoke ${name} ${record.id}")\n`,
        );
        return 0;
      }
      case 'revoke': {
        const usage = 'users revoke <name> <token-id>';
        only([]);
        const name = checkName(rest[0], usage);
        const id = rest[1];
        if (id === undefined) throw new UsageError(`missing token id: ${usage}`);
        expectWords(rest, 2, usage);
        const file = await readUsersFile(path);
        const user = Object.hasOwn(file.users, name) ? file.users[name] : undefined;
        if (!user) throw new CommandError(`no user ${name} in ${path}`);
        const index = user.tokens.findIndex((token) => token.id === id);
        if (index < 0) throw new CommandError(`user ${name} has no API token ${id}`);
        user.tokens.splice(index, 1);
        await writeUsersFile(path, file);
        write(io.stdout, `revoked API token ${id} of ${name}\n`);
        return 0;
      }
      default:
        throw new UsageError(
          `unknown command ${JSON.stringify(command)} (add, remove, list, token or revoke)`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      write(io.stderr, `occi-server users: ${error.message}\nRun "occi-server users --help" for usage.\n`);
      return 2;
    }
    if (error instanceof CommandError || isOcciError(error)) {
      write(io.stderr, `occi-server users: ${error.message}\n`);
      return 1;
    }
    write(io.stderr, `occi-server users: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
