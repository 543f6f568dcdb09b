/**
 * Debian's nginx as a reverse proxy for the tests: its own prefix and
 * configuration in a temporary directory, TLS on a free port of 127.0.0.1,
 * in front of a server on loopback; stopped (and its directory removed)
 * by `stop()`. The `location` block is the one the server README documents.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The nginx binary, or undefined. */
export function nginxBinary(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  return found === '' ? undefined : found;
}

/** What is missing for the proxy tests, or undefined. */
export function nginxMissing(): string | undefined {
  if (!nginxBinary()) return 'nginx is not installed: run .ci/proxy-deps (apt-get install nginx)';
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl is not installed: run .ci/proxy-deps';
  return undefined;
}

/** A free TCP port of 127.0.0.1 (closed again, for nginx to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The proxy settings the README gives, for a `location` that passes to `upstream`. */
export function documentedLocation(upstream: string): string {
  return `
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      # HTTP §5.3: the Server field names the OCCI version; nginx would put its own
      proxy_pass_header Server;
      # text/occi answers carry their rendering in header fields (discovery: ~14 KB)
      proxy_buffer_size 64k;
      proxy_buffers 8 64k;
      proxy_busy_buffers_size 128k;`;
}

export interface Nginx {
  /** https://localhost:<port> */
  url: string;
  port: number;
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx in front of `upstream` (e.g. `http://127.0.0.1:8080`).
 * `documented`: the README's settings (buffers for text/occi answers and
 * requests); otherwise nginx's defaults.
 */
export async function startNginx(options: {
  upstream: string;
  cert: string;
  key: string;
  documented: boolean;
}): Promise<Nginx> {
  const binary = nginxBinary()!;
  const dir = mkdtempSync(join(tmpdir(), 'occi-nginx-'));
  const port = await freePort();
  const location = options.documented
    ? documentedLocation('http://occi')
    : `
      proxy_pass http://occi;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;`;
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}
worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream occi { server ${options.upstream.replace(/^https?:\/\//, '')}; keepalive 8; }
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${options.cert};
    ssl_certificate_key ${options.key};
    ${options.documented ? 'large_client_header_buffers 4 64k;' : ''}
    client_max_body_size 1m;
    location / {${location}
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(
    binary,
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when it accepts connections on its port.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await accepts(port)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `https://localhost:${port}`,
    port,
    errorLog: () => (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts connections on the port of 127.0.0.1. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
