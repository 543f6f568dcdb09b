/**
 * The version of the occi package: built in by the bundler (`__OCCI_VERSION__`,
 * see tsup.config.ts), else read from package.json (running from sources).
 */
import { readFileSync } from 'node:fs';

declare const __OCCI_VERSION__: string | undefined;

export const VERSION: string =
  typeof __OCCI_VERSION__ === 'string'
    ? __OCCI_VERSION__
    : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
        .version;
