import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Start-up time of the `occi` bundle (measured with `pnpm bench -- cli`):
 * the modules below are replaced by what the CLI needs of them, loaded on
 * first use instead of at every start. Used by tsup.config.ts and by the
 * tests' bundle (test/support/processes.ts), so the tests run what ships.
 *
 * - `undici`: the request commands do not load it (@occi/http sends with
 *   Node's own `node:http`); `occi check` (src/check/wire.ts) and `occi
 *   watch` take only its `Pool`, in their own chunks, but undici's index
 *   loads all of undici (fetch, WebSocket, cookies — which touch
 *   `globalThis.Headers` and so load Node's own copy of undici too —, mock
 *   agents, caches). This is what the index does for a `Pool`: the pool and
 *   the request API on the dispatcher's prototype.
 * - undici's HTTP/2 client: it loads `node:http2` and `node:tls`; it is only
 *   used when a server negotiates h2 (never: check and watch do not allow it).
 * - `node:child_process` in commander: for executable subcommands (occi has none).
 * - `node:crypto` in @occi/core: `randomUUID`, for the reference provider.
 */
export const lazyModules: Plugin = {
  name: 'occi-lazy-modules',
  setup(build) {
    const virtual = (contents: string, resolveDir: string, loader: 'js' = 'js') => ({
      contents,
      loader,
      resolveDir,
    });
    build.onResolve({ filter: /^undici$/ }, (args) => ({
      path: 'undici',
      namespace: 'occi-pool',
      pluginData: args.resolveDir,
    }));
    build.onLoad({ filter: /.*/, namespace: 'occi-pool' }, (args) =>
      virtual(
        [
          "const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');",
          "Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));",
          "module.exports.Pool = require('undici/lib/dispatcher/pool.js');",
        ].join('\n'),
        args.pluginData as string,
      ),
    );
    build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]/.test(args.importer) && args.namespace === 'file'
        ? { path: args.importer, namespace: 'occi-h2', pluginData: args.resolveDir }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'occi-h2' }, (args) =>
      virtual(
        "module.exports = function connectH2(...args) { return require('./client-h2.js?real')(...args); };",
        args.pluginData as string,
      ),
    );
    build.onResolve({ filter: /^\.\/client-h2\.js\?real$/ }, (args) => ({
      path: join(args.resolveDir, 'client-h2.js'),
    }));
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${args.path}: no "${eager}" to make lazy`);
      const lazy =
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
    build.onResolve({ filter: /^(node:)?crypto$/ }, (args) =>
      /[\\/]packages[\\/]core[\\/]/.test(args.importer) && args.namespace === 'file'
        ? { path: 'crypto', namespace: 'occi-crypto' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'occi-crypto' }, () =>
      virtual(
        "export function randomUUID(options) { return require('node:crypto').randomUUID(options); }",
        here,
      ),
    );
  },
};
