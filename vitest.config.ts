import { defineConfig } from 'vitest/config';

// Tests run against the sources: workspace packages resolve through the
// "@occi/source" export condition, so no build is needed first.
const conditions = ['@occi/source'];

const project = (name: string, root: string) => ({ extends: true, test: { name, root } });

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // The last lines name the suites that skipped for want of an engine (test/engines.ts).
    reporters: ['default', './test/skipped-engines-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      project('@occi/core', 'packages/core'),
      project('@occi/render-text', 'packages/render-text'),
      project('@occi/render-json', 'packages/render-json'),
      project('@occi/http', 'packages/http'),
      project('@occi/infrastructure', 'packages/infrastructure'),
      project('@occi/platform', 'packages/platform'),
      project('@occi/sla', 'packages/sla'),
      project('@occi/crtp', 'packages/crtp'),
      project('@occi/provider-docker', 'packages/provider-docker'),
      project('@occi/provider-libvirt', 'packages/provider-libvirt'),
      project('occi-server', 'apps/server'),
      project('occi', 'apps/client'),
      {
        extends: true,
        test: {
          name: '@occi/console',
          root: 'apps/console',
          // The browser tests load the console occi-server serves: built first when stale.
          globalSetup: ['./test/support/global-setup.ts'],
        },
      },
    ],
  },
});
