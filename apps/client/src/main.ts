#!/usr/bin/env node
/**
 * occi: the command-line client. `--version` answers without loading
 * anything else; every other command loads the program, and each command
 * loads the client and renderings only when it needs them.
 */
import { VERSION } from './version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  import('./cli.js')
    .then(({ run }) =>
      run(
        argv,
        { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
        VERSION,
      ),
    )
    .then(
      (code) => {
        // Exit once stdout and stderr are written out (a pipe is asynchronous on POSIX: exiting at
        // once cut long output at 64 KiB), not later: idle keep-alive sockets would hold the process.
        process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
      },
      (error: unknown) => {
        process.stderr.write(
          `occi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exitCode = 6;
      },
    );
}
