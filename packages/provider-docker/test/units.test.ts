/** The pieces of the provider that need no engine: names, states, archives, addresses. */
import { isOcciError, typeIdentifier } from '@occi/core';
import { OS_TPL } from '@occi/infrastructure';
import { describe, expect, it } from 'vitest';
import {
  computeState,
  EngineClient,
  imageCommand,
  imageTemplates,
  imageTerm,
  parseEngineAddress,
  tarArchive,
  userDataScript,
} from '../src/index.js';
import { subnetOf } from '../src/network.js';

const options = { scheme: 'http://occi.example/docker/image#', locationBase: '/os_tpl/docker/' };

describe('image OS templates', () => {
  it('makes terms from references without the default registry, library/ or :latest', () => {
    expect(imageTerm('docker.io/library/debian:12')).toBe('debian_12');
    expect(imageTerm('docker.io/occi-test/busybox:latest')).toBe('occi-test_busybox');
    expect(imageTerm('localhost/golden:latest')).toBe('golden');
    expect(imageTerm('quay.io/org/app:v1.2')).toBe('quay.io_org_app_v1.2');
    expect(imageTerm(':::')).toBeUndefined();
  });

  it('gives one mixin per tag, skips untagged images and makes clashing terms unique', () => {
    const templates = imageTemplates(
      [
        { Id: 'sha256:aaaaaaaaaaaaaaaa', RepoTags: ['docker.io/library/debian:12', 'localhost/debian:12'] },
        { Id: 'sha256:bbbbbbbbbbbbbbbb', RepoTags: ['<none>:<none>'] },
        { Id: 'sha256:cccccccccccccccc', RepoTags: null, Labels: { 'org.occi-ts.saved.from': '/compute/1' } },
      ],
      options,
    );
    expect(templates.map((t) => typeIdentifier(t.mixin))).toEqual([
      'http://occi.example/docker/image#debian_12',
      'http://occi.example/docker/image#debian_12-aaaaaaaaaaaa',
    ]);
    const [first] = templates;
    expect(first?.mixin.depends).toEqual([OS_TPL]);
    expect(first?.mixin.location).toBe('/os_tpl/docker/debian_12/');
    expect(first?.mixin.title).toBe('docker.io/library/debian:12');
    expect(first?.mixin.attributes.get('org.occi-ts.docker.image')?.default).toBe(
      'docker.io/library/debian:12',
    );
  });

  it('records the compute a saved image came from', () => {
    const [saved] = imageTemplates(
      [
        {
          Id: 'sha256:d',
          RepoTags: ['localhost/golden:latest'],
          Labels: { 'org.occi-ts.saved.from': '/compute/7' },
        },
      ],
      options,
    );
    expect(saved?.mixin.attributes.get('org.occi-ts.saved.from')?.default).toBe('/compute/7');
  });

  it("takes the provider's bootstrap off a saved image's command", () => {
    expect(imageCommand({ Entrypoint: ['/bin/sh', '-c', 'x', 'occi-init'], Cmd: ['nginx'] })).toEqual([
      'nginx',
    ]);
    expect(imageCommand({ Entrypoint: ['/entry'], Cmd: ['a'] })).toEqual(['/entry', 'a']);
    expect(imageCommand({ Entrypoint: null, Cmd: null })).toEqual([]);
  });
});

describe('compute states from container states', () => {
  it('maps running, paused, created, exited, dead and failed', () => {
    expect(computeState({ Status: 'running', Running: true })).toEqual({ state: 'active' });
    expect(computeState({ Status: 'paused', Running: true, Paused: true })).toEqual({ state: 'suspended' });
    expect(computeState({ Status: 'created' })).toEqual({ state: 'inactive' });
    expect(computeState({ Status: 'exited', ExitCode: 137 })).toEqual({ state: 'inactive' });
    expect(computeState({ Status: 'dead', Dead: true, Error: 'device busy' })).toEqual({
      state: 'error',
      message: 'device busy',
    });
    expect(computeState({ Status: 'exited', Error: 'exec: "/bin/sh": not found' })).toEqual({
      state: 'error',
      message: 'exec: "/bin/sh": not found',
    });
    expect(computeState({ Status: 'exited', OOMKilled: true }).state).toBe('error');
  });
});

describe('user_data', () => {
  it('decodes base64 scripts and keeps plain ones', () => {
    const script = '#!/bin/sh\necho hi\n';
    expect(userDataScript(Buffer.from(script).toString('base64'))).toBe(script);
    expect(userDataScript(script)).toBe(script);
    expect(userDataScript('aGVsbG8=')).toBe('aGVsbG8=');
  });
});

describe('tar archives', () => {
  it('writes ustar headers with checksums, padded data and two end blocks', () => {
    const archive = tarArchive([
      { type: 'directory', path: 'root/.ssh', mode: 0o700 },
      { type: 'file', path: 'root/.ssh/authorized_keys', content: 'key\n', mode: 0o600 },
      { type: 'symlink', path: 'bin/sh', target: 'busybox' },
    ]);
    expect(archive.length).toBe(512 * 6);
    expect(archive.subarray(0, 10).toString()).toBe('root/.ssh/');
    expect(archive.subarray(257, 262).toString()).toBe('ustar');
    expect(archive.subarray(512 + 100, 512 + 107).toString()).toBe('0000600');
    expect(archive.subarray(1024, 1028).toString()).toBe('key\n');
    const header = archive.subarray(1536, 2048);
    expect(String.fromCharCode(header[156]!)).toBe('2');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    expect(Number.parseInt(header.subarray(148, 154).toString(), 8)).toBe(sum);
  });
});

describe('engine addresses', () => {
  it('accepts unix sockets and TCP, refuses anything else naming it', () => {
    expect(parseEngineAddress('unix:///run/podman/podman.sock')).toEqual({
      origin: 'http://localhost',
      socketPath: '/run/podman/podman.sock',
    });
    expect(parseEngineAddress('tcp://127.0.0.1:2375')).toEqual({ origin: 'http://127.0.0.1:2375' });
    for (const bad of ['unix://relative.sock', 'ftp://x', '/run/docker.sock']) {
      try {
        parseEngineAddress(bad);
        expect.unreachable();
      } catch (error) {
        expect(isOcciError(error) && error.kind).toBe('bad-request');
        expect((error as Error).message).toContain(bad);
      }
    }
  });

  it('reports a refused TCP connection as unavailable (503), naming the address', async () => {
    const client = new EngineClient('tcp://127.0.0.1:1');
    try {
      await client.request('GET', '/version', { doing: 'answer' });
      expect.unreachable();
    } catch (error) {
      expect(isOcciError(error) && error.kind).toBe('unavailable');
      expect((error as Error).message).toContain('tcp://127.0.0.1:1');
      expect((error as Error).message).toContain('ECONNREFUSED');
    } finally {
      await client.close();
    }
  });
});

describe('IPAM subnets', () => {
  it('takes the network address of a CIDR', () => {
    expect(subnetOf('192.168.0.1/24')).toBe('192.168.0.0/24');
    expect(subnetOf('10.1.2.3/8')).toBe('10.0.0.0/8');
    expect(subnetOf('fc00::/7')).toBe('fc00::/7');
  });
});
