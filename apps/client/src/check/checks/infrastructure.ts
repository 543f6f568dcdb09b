/**
 * Infrastructure (GFD.224) §3.1–§3.4: the kinds and mixins of its tables,
 * instances of each (links between the run's resources), and every
 * transition of the Compute, Storage and Network state diagrams.
 */
import { checksOf } from '../define.js';
import { categoriesOf } from '../discovery.js';
import { type CategorySpec, INFRA, INFRA_KINDS, INFRA_MIXINS } from '../documents.js';
import type { Created } from '../fixtures.js';
import { expect, fail, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { MACHINES } from '../states.js';
import { contentType } from '../wire.js';
import { instanceChecks, specChecks, transitionChecks } from './spec-checks.js';
import { MEDIA } from './support.js';

const { checks, add } = checksOf('infra');

export { checks as infrastructureChecks };

const COMPUTE = `${INFRA}compute`;
const STORAGE = `${INFRA}storage`;
const NETWORK = `${INFRA}network`;

/** The run's resource of a kind: the generic one when it is of that kind, else one of its own. */
export function resourceOf(p: Probe, kind: string): Promise<Created> {
  return p.once(`infra:${kind}`, async () => {
    const any = await p.fx.anyResource();
    if (any.kind === kind) return any;
    return p.fx.shared(`infra:${kind}`, kind, { summary: kind.slice(kind.indexOf('#') + 1) });
  });
}

/** A link of the run of `kind` from its compute to a resource of `targetKind`. */
export function linkOf(
  p: Probe,
  kind: string,
  targetKind: string,
  mixins: readonly string[] = [],
  attributes: Record<string, unknown> = {},
): Promise<Created> {
  return p.once(`infra-link:${kind}:${mixins.join(',')}`, async () => {
    const source = await resourceOf(p, COMPUTE);
    const target = await resourceOf(p, targetKind);
    return p.fx.shared(`infra-link:${kind}:${mixins.join(',')}`, kind, {
      mixins,
      attributes,
      source: { location: p.wire.url(source.location), kind: source.kind },
      target: { location: p.wire.url(target.location), kind: target.kind },
    });
  });
}

const MIXIN_VALUES: Record<string, Record<string, unknown>> = {
  ipnetwork: {
    'occi.network.address': '192.0.2.0/24',
    'occi.network.gateway': '192.0.2.1',
    'occi.network.allocation': 'static',
  },
  ipnetworkinterface: {
    'occi.networkinterface.address': '192.0.2.10',
    'occi.networkinterface.gateway': '192.0.2.1',
    'occi.networkinterface.allocation': 'static',
  },
  ssh_key: {
    'occi.credentials.ssh.publickey':
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcciCheckOcciCheckOcciCheckOcciCheck occi-check',
  },
  user_data: { 'occi.compute.userdata': 'echo occi-check' },
};

const mixin = (term: string) => INFRA_MIXINS.find((m) => m.term === term)!.id;

const instances: Record<string, (p: Probe) => Promise<Created>> = {
  compute: (p) => resourceOf(p, COMPUTE),
  storage: (p) => resourceOf(p, STORAGE),
  network: (p) => resourceOf(p, NETWORK),
  storagelink: (p) => linkOf(p, `${INFRA}storagelink`, STORAGE),
  networkinterface: (p) => linkOf(p, `${INFRA}networkinterface`, NETWORK),
  ipnetwork: (p) =>
    p.fx.shared('infra:ipnetwork', NETWORK, {
      mixins: [mixin('ipnetwork')],
      attributes: MIXIN_VALUES.ipnetwork!,
      summary: 'ipnetwork',
    }),
  ipnetworkinterface: (p) =>
    linkOf(
      p,
      `${INFRA}networkinterface`,
      NETWORK,
      [mixin('ipnetworkinterface')],
      MIXIN_VALUES.ipnetworkinterface!,
    ),
  ssh_key: (p) =>
    p.fx.shared('infra:ssh_key', COMPUTE, {
      mixins: [mixin('ssh_key')],
      attributes: MIXIN_VALUES.ssh_key!,
      summary: 'ssh_key',
    }),
  user_data: (p) =>
    p.fx.shared('infra:user_data', COMPUTE, {
      mixins: [mixin('user_data')],
      attributes: MIXIN_VALUES.user_data!,
      summary: 'user_data',
    }),
};

const MACHINE_OF: Record<string, (typeof MACHINES)[keyof typeof MACHINES]> = {
  compute: MACHINES.compute,
  storage: MACHINES.storage,
  network: MACHINES.network,
};

add(
  '§3',
  'MAY',
  'any-kind',
  'the server offers at least one kind of the document (implementers choose which)',
  async (p) => {
    const model = await p.model();
    const offered = INFRA_KINDS.filter((k) => model.kind(k.id)).map((k) => k.term);
    if (offered.length === 0) skip('the server offers no Infrastructure kind (MAY)');
    return offered.join(', ');
  },
);

for (const s of INFRA_KINDS) {
  specChecks(add, s, { cls: 'kind', presence: 'MAY' });
  const machine = MACHINE_OF[s.term];
  instanceChecks(add, s, {
    cls: 'kind',
    presence: 'MAY',
    instance: instances[s.term]!,
    ...(machine ? { machine } : {}),
  });
}

const MIXIN_PRESENCE: Record<string, 'MAY' | 'SHOULD'> = {
  ipnetwork: 'MAY',
  ipnetworkinterface: 'MAY',
  ssh_key: 'SHOULD',
  user_data: 'SHOULD',
};
for (const s of INFRA_MIXINS as readonly CategorySpec[]) {
  specChecks(add, s, { cls: 'mixin', presence: MIXIN_PRESENCE[s.term]! });
  instanceChecks(add, s, {
    cls: 'mixin',
    presence: MIXIN_PRESENCE[s.term]!,
    instance: instances[s.term]!,
    given: Object.keys(MIXIN_VALUES[s.term] ?? {}),
  });
}

transitionChecks(add, '§3.1', MACHINES.compute, {
  skipAction: (p, action) =>
    action === 'save' && !p.options.allowSave
      ? 'save leaves an OS template behind: run with --allow-save'
      : undefined,
  onResponse: async (p, action, response) => {
    if (action !== 'save') return;
    // §3.1: a successful save MUST answer with the rendering of the new OS template.
    const r = await p.rendering();
    const type = contentType(response);
    const cats = type === MEDIA[r] ? (categoriesOf(response, r) ?? []) : [];
    const template = cats.find((c) => c.class === 'mixin');
    if (template)
      p.fx.mixins.push({ id: template.id, ...(template.location ? { location: template.location } : {}) });
    if (!template)
      fail(
        `save answered ${response.status} without the rendering of a new OS template${serverSays(response)}`,
        response,
      );
    const model = await p.model();
    const depends = template.depends.length ? template.depends : (model.mixin(template.id)?.depends ?? []);
    expect(
      depends.includes(`${INFRA}os_tpl`) || depends.length === 0,
      `the saved template ${template.id} depends on ${depends.join(' ')}, not os_tpl`,
      response,
    );
  },
});
transitionChecks(add, '§3.3', MACHINES.storage, {});
transitionChecks(add, '§3.2', MACHINES.network, {});

add(
  '§3.1',
  'SHOULD',
  'speed-removed',
  'occi.compute.speed, removed in 1.2, is refused at creation (400: no category defines it)',
  async (p) => {
    await p.need(COMPUTE, 'compute kind');
    try {
      await p.fx.create(COMPUTE, { attributes: { 'occi.compute.speed': 2.4 }, summary: 'speed' });
    } catch (error) {
      if ((error as { status?: number }).status === 400) return 'refused with 400';
      throw error;
    }
    fail('the server created a compute with occi.compute.speed');
  },
  { writes: true },
);
