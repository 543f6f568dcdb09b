/**
 * `occi check` against occi-server on the Docker backend (a throwaway
 * Podman engine, test/engines.ts: skipped where podman is missing), with
 * the test images as application templates: no MUST fails, what it skips
 * is in the README, no container is left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  podmanMissing,
  startTestEngine,
  TEST_IMAGE,
  type TestEngine,
} from '../../../../packages/provider-docker/test/support/engine.js';
import { buildPlatformImages } from '../../../../packages/provider-docker/test/support/images.js';
import { missingEngine } from '../../../../test/engines.js';
import { removeCliBundle, type ServerProcess, startServer } from '../support/processes.js';
import { check, expectSkipsDocumented, failures, KNOWN_SHOULD_FAILURES } from './support.js';

const missing = missingEngine('podman', podmanMissing());
let engine: TestEngine;
let server: ServerProcess;

beforeAll(async () => {
  if (missing) return;
  engine = await startTestEngine();
  await buildPlatformImages(engine.client);
  server = await startServer([
    '--provider',
    'docker',
    '--docker-host',
    engine.address,
    '--docker-default-image',
    TEST_IMAGE,
    // Applications and components created without a template run this image.
    '--docker-default-app-template',
    'occi-test_service',
  ]);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await engine?.stop();
  await removeCliBundle();
}, 60_000);

describe.skipIf(missing)('occi check against occi-server --provider docker', () => {
  it('no MUST fails; skips are documented; no container is left', async () => {
    const { run, report } = await check(server.url, ['--allow-save']);
    expect(failures(report, 'MUST')).toEqual([]);
    expect(failures(report).map((f) => f.split(':')[0])).toEqual(KNOWN_SHOULD_FAILURES);
    expect(run.code).toBe(0);
    await expectSkipsDocumented(report.results.filter((r) => r.status === 'skip').map((r) => r.id));
    // A saved OS template is an image the engine keeps: the server does not let clients delete it.
    expect(
      report.cleanup.failed.filter(
        (f) => !/^user mixin http:\/\/occi\.example\/docker\/image#saved-/.test(f),
      ),
    ).toEqual([]);
    const containers = (await engine.client.request('GET', '/containers/json', {
      query: { all: true },
      doing: 'list containers',
    })) as unknown[];
    expect(containers).toEqual([]);
  }, 240_000);
});
