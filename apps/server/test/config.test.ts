import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, helpText, OPTIONS, parseConfig } from '../src/config.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig({ argv, env });

describe('configuration', () => {
  it('has defaults: loopback, 8080, all extensions, SQLite in the data directory', () => {
    const c = parse([]);
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      extensions: ['infrastructure', 'platform', 'sla', 'crtp'],
      dataDir: './.occi-data',
      store: 'sqlite:.occi-data/occi.db',
      logLevel: 'info',
      bodyLimit: 1048576,
      headerLimit: 65536,
      pageSize: 1000,
      rateLimit: 0,
      allowAnonymous: false,
      storeExclusive: false,
      corsOrigins: [],
    });
  });

  it('takes --store-exclusive as a flag, OCCI_STORE_EXCLUSIVE and "storeExclusive" as booleans', () => {
    expect(parse(['--store-exclusive']).storeExclusive).toBe(true);
    expect(parse([], { OCCI_STORE_EXCLUSIVE: 'true' }).storeExclusive).toBe(true);
    expect(parse([], { OCCI_STORE_EXCLUSIVE: '0' }).storeExclusive).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'occi-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ storeExclusive: true }));
    expect(parse(['--config', file]).storeExclusive).toBe(true);
    // The environment over the file.
    expect(parse(['--config', file], { OCCI_STORE_EXCLUSIVE: 'false' }).storeExclusive).toBe(false);
    writeFileSync(file, JSON.stringify({ storeExclusive: 'sometimes' }));
    expect(() => parse(['--config', file])).toThrow(
      `${file}: "storeExclusive": "sometimes" is not a boolean`,
    );
    expect(() => parse([], { OCCI_STORE_EXCLUSIVE: 'on' })).toThrow(
      'OCCI_STORE_EXCLUSIVE: "on" is not a boolean',
    );
    expect(helpText()).toMatch(/--store-exclusive +this server is the only process using its store/);
  });

  it('takes flags over environment over the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'occi-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ port: 7000, host: '127.0.0.2', pageSize: 10 }));
    const c = parse(['--config', file, '--port', '9000'], { OCCI_HOST: '127.0.0.3' });
    expect(c.port).toBe(9000);
    expect(c.host).toBe('127.0.0.3');
    expect(c.pageSize).toBe(10);
    expect(parse(['--port=9001']).port).toBe(9001);
  });

  it.each([
    [['--port', 'abc'], '--port: "abc" is not an integer between 0 and 65535'],
    [['--port', '70000'], '--port: "70000" is not an integer between 0 and 65535'],
    [['--extensions', 'infrastructure,cloud'], '--extensions: unknown extension "cloud"'],
    [['--extensions', 'crtp'], '--extensions: crtp needs infrastructure: load infrastructure too'],
    [['--store', 'mysql://x'], '--store: "mysql://x" is not memory:'],
    [['--public-url', 'ftp://x'], '--public-url: "ftp://x" must be an http or https URL'],
    [['--log-level', 'loud'], '--log-level: "loud" is not one of'],
    [['--tls-cert', '/nonexistent.pem'], '--tls-cert: file /nonexistent.pem does not exist'],
    [['--bogus'], '--bogus: unknown option'],
    [['--port'], '--port: needs a value'],
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parse(argv)).toThrow(ConfigError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('refuses bad environment values naming the variable', () => {
    expect(() => parse([], { OCCI_PAGE_SIZE: '0' })).toThrow(
      'OCCI_PAGE_SIZE: "0" is not an integer between 1 and 1000000',
    );
    expect(() => parse([], { OCCI_PORT: 'http' })).toThrow(
      'OCCI_PORT: "http" is not an integer between 0 and 65535',
    );
  });

  it('refuses bad config file values naming the file and key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'occi-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ port: -1 }));
    expect(() => parse(['--config', file])).toThrow(`${file}: "port": "-1" is not an integer`);
  });

  it('takes options after `--`, as `pnpm start -- <options>` passes them', () => {
    expect(parse(['--', '--port', '9000', '--log-level', 'warn'])).toMatchObject({
      port: 9000,
      logLevel: 'warn',
    });
  });

  it('refuses unknown config file keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'occi-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => parse(['--config', file])).toThrow('unknown key "prot"');
  });

  it('--help describes every option with its environment variable', () => {
    const help = helpText();
    for (const o of OPTIONS) {
      expect(help).toContain(o.flag);
      expect(help).toContain(o.env);
    }
  });
});
