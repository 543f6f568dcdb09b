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
  target: (p: Probe) => Promise<Created>,
  mixins: readonly string[] = [],
  attributes: Record<string, unknown> = {},
): Promise<Created> {
  return p.once(`infra-link:${kind}:${mixins.join(',')}`, async () => {
    const source = await resourceOf(p, COMPUTE);
    const to = await target(p);
    return p.fx.shared(`infra-link:${kind}:${mixins.join(',')}`, kind, {
      mixins,
      attributes,
      source: { location: p.wire.url(source.location), kind: source.kind },
      target: { location: p.wire.url(to.location), kind: to.kind },
    });
  });
}

/** The run's IP network: a /24 of 198.18.0.0/15 (RFC 2544, for tests) chosen by the run id, so runs do not collide. */
function subnet(p: Probe): string {
  return `198.${18 + (Number.parseInt(p.options.runId.slice(0, 2), 16) % 2)}.${Number.parseInt(p.options.runId.slice(2, 4), 16)}`;
}

/** What the run gives each mixin's attributes (the tables' forms). */
const MIXIN_VALUES: Record<string, (p: Probe) => Record<string, unknown>> = {
  ipnetwork: (p) => ({
    'occi.network.address': `${subnet(p)}.0/24`,
    'occi.network.gateway': `${subnet(p)}.1`,
    'occi.network.allocation': 'static',
  }),
  ipnetworkinterface: (p) => ({
    'occi.networkinterface.address': `${subnet(p)}.10`,
    'occi.networkinterface.gateway': `${subnet(p)}.1`,
    'occi.networkinterface.allocation': 'static',
  }),
  ssh_key: () => ({
    'occi.credentials.ssh.publickey':
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcciCheckOcciCheckOcciCheckOcciCheck occi-check',
  }),
  user_data: () => ({ 'occi.compute.userdata': 'echo occi-check' }),
};

const mixin = (term: string) => INFRA_MIXINS.find((m) => m.term === term)!.id;

const ipNetwork = (p: Probe) =>
  p.fx.shared('infra:ipnetwork', NETWORK, {
    mixins: [mixin('ipnetwork')],
    attributes: MIXIN_VALUES.ipnetwork!(p),
    summary: 'ipnetwork',
  });

const instances: Record<string, (p: Probe) => Promise<Created>> = {
  compute: (p) => resourceOf(p, COMPUTE),
  storage: (p) => resourceOf(p, STORAGE),
  network: (p) => resourceOf(p, NETWORK),
  storagelink: (p) => linkOf(p, `${INFRA}storagelink`, (q) => resourceOf(q, STORAGE)),
  networkinterface: (p) => linkOf(p, `${INFRA}networkinterface`, (q) => resourceOf(q, NETWORK)),
  ipnetwork: ipNetwork,
  // On the run's IP network, at an address inside it.
  ipnetworkinterface: (p) =>
    linkOf(
      p,
      `${INFRA}networkinterface`,
      ipNetwork,
      [mixin('ipnetworkinterface')],
      MIXIN_VALUES.ipnetworkinterface!(p),
    ),
  ssh_key: (p) =>
    p.fx.shared('infra:ssh_key', COMPUTE, {
      mixins: [mixin('ssh_key')],
      attributes: MIXIN_VALUES.ssh_key!(p),
      summary: 'ssh_key',
    }),
  user_data: (p) =>
    p.fx.shared('infra:user_data', COMPUTE, {
      mixins: [mixin('user_data')],
      attributes: MIXIN_VALUES.user_data!(p),
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
    given: s.attributes.map((a) => a.name),
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
