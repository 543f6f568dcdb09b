/**
 * The categories the documents define, as their tables print them: kinds
 * with their attributes and actions, mixins with theirs (Infrastructure
 * §3, Platform §3–4, SLA §3, CRTP §7). Type words are the documents'
 * (Enum, Integer, Float, String…) with the JSON type they render as.
 */

export const OGF = 'http://schemas.ogf.org/occi/';
export const INFRA = `${OGF}infrastructure#`;
export const PLATFORM = `${OGF}platform#`;
export const SLA = `${OGF}sla#`;
export const CORE_IDS = [`${OGF}core#entity`, `${OGF}core#resource`, `${OGF}core#link`];

export interface AttrSpec {
  name: string;
  /** The document's type, e.g. `Enum {x86, x64}`. */
  type: string;
  json: 'string' | 'number' | 'boolean';
  enum?: readonly string[];
  /** Multiplicity 1: every instance exposes it. */
  one: boolean;
  mutable: boolean;
}

export interface ActionSpec {
  term: string;
  target?: string;
  params?: readonly string[];
}

export interface CategorySpec {
  id: string;
  term: string;
  section: string;
  /** Kinds: the parent; mixins: what it applies to (when the document says). */
  parent?: string;
  applies?: readonly string[];
  attributes: readonly AttrSpec[];
  actions: readonly ActionSpec[];
  actionScheme?: string;
}

const a = (name: string, type: string, one: boolean, mutable: boolean): AttrSpec => {
  const e = /^Enum \{(.*)\}$/.exec(type);
  return {
    name,
    type,
    json: /^(Integer|Float)/.test(type) ? 'number' : 'string',
    ...(e ? { enum: e[1]!.split(',').map((s) => s.trim()) } : {}),
    one,
    mutable,
  };
};

const spec = (
  scheme: string,
  term: string,
  section: string,
  rest: Partial<Omit<CategorySpec, 'id' | 'term' | 'section'>>,
): CategorySpec => ({ id: scheme + term, term, section, attributes: [], actions: [], ...rest });

const RESOURCE = `${OGF}core#resource`;
const LINK = `${OGF}core#link`;

export const INFRA_KINDS: readonly CategorySpec[] = [
  spec(INFRA, 'compute', '§3.1', {
    parent: RESOURCE,
    actionScheme: `${OGF}infrastructure/compute/action#`,
    attributes: [
      a('occi.compute.architecture', 'Enum {x86, x64}', false, true),
      a('occi.compute.cores', 'Integer', false, true),
      a('occi.compute.hostname', 'String', false, true),
      a('occi.compute.share', 'Integer', false, true),
      a('occi.compute.memory', 'Float, 10^9 (GiB)', false, true),
      a('occi.compute.state', 'Enum {active, inactive, suspended, error}', true, false),
      a('occi.compute.state.message', 'String', false, false),
    ],
    actions: [
      { term: 'start', target: 'active' },
      { term: 'stop', target: 'inactive', params: ['method'] },
      { term: 'restart', target: 'active', params: ['method'] },
      { term: 'suspend', target: 'suspended', params: ['method'] },
      { term: 'save', target: 'active', params: ['method', 'name'] },
    ],
  }),
  spec(INFRA, 'storage', '§3.3', {
    parent: RESOURCE,
    actionScheme: `${OGF}infrastructure/storage/action#`,
    attributes: [
      a('occi.storage.size', 'Float, 10^9 (GiB)', true, true),
      a('occi.storage.state', 'Enum {online, offline, error}', true, false),
      a('occi.storage.state.message', 'String', false, false),
    ],
    actions: [
      { term: 'online', target: 'online' },
      { term: 'offline', target: 'offline' },
    ],
  }),
  spec(INFRA, 'storagelink', '§3.4.2', {
    parent: LINK,
    attributes: [
      a('occi.storagelink.deviceid', 'String', true, true),
      a('occi.storagelink.mountpoint', 'String', false, true),
      a('occi.storagelink.state', 'Enum {active, inactive, error}', true, false),
      a('occi.storagelink.state.message', 'String', false, false),
    ],
  }),
  spec(INFRA, 'network', '§3.2', {
    parent: RESOURCE,
    actionScheme: `${OGF}infrastructure/network/action#`,
    attributes: [
      a('occi.network.vlan', 'Integer: 0-4095', false, true),
      a('occi.network.label', 'Token', false, true),
      a('occi.network.state', 'Enum {active, inactive, error}', true, false),
      a('occi.network.state.message', 'String', false, false),
    ],
    actions: [
      { term: 'up', target: 'active' },
      { term: 'down', target: 'inactive' },
    ],
  }),
  spec(INFRA, 'networkinterface', '§3.4.1', {
    parent: LINK,
    attributes: [
      a('occi.networkinterface.interface', 'String', true, false),
      a('occi.networkinterface.mac', 'String', true, true),
      a('occi.networkinterface.state', 'Enum {active, inactive, error}', true, false),
      a('occi.networkinterface.state.message', 'String', false, false),
    ],
  }),
];

export const INFRA_MIXINS: readonly CategorySpec[] = [
  spec(`${OGF}infrastructure/network#`, 'ipnetwork', '§3.2.1', {
    applies: [`${INFRA}network`],
    attributes: [
      a('occi.network.address', 'IPv4 or IPv6 Address range, CIDR notation', false, true),
      a('occi.network.gateway', 'IPv4 or IPv6 Address', false, true),
      a('occi.network.allocation', 'Enum {dynamic, static}', false, true),
    ],
  }),
  spec(`${OGF}infrastructure/networkinterface#`, 'ipnetworkinterface', '§3.4.1.1', {
    applies: [`${INFRA}networkinterface`],
    attributes: [
      a('occi.networkinterface.address', 'IPv4 or IPv6 Address', true, true),
      a('occi.networkinterface.gateway', 'IPv4 or IPv6 Address', false, true),
      a('occi.networkinterface.allocation', 'Enum {dynamic, static}', true, true),
    ],
  }),
  spec(`${OGF}infrastructure/credentials#`, 'ssh_key', '§3.5.2.1', {
    applies: [`${INFRA}compute`],
    attributes: [a('occi.credentials.ssh.publickey', 'String', true, true)],
  }),
  spec(`${OGF}infrastructure/compute#`, 'user_data', '§3.5.2.2', {
    applies: [`${INFRA}compute`],
    attributes: [a('occi.compute.userdata', 'String', true, true)],
  }),
];

export const OS_TPL = `${INFRA}os_tpl`;
export const RESOURCE_TPL = `${INFRA}resource_tpl`;

export const PLATFORM_KINDS: readonly CategorySpec[] = [
  spec(PLATFORM, 'application', '§3.1', {
    parent: RESOURCE,
    actionScheme: `${OGF}platform/application/action#`,
    attributes: [
      a('occi.app.name', 'String', true, true),
      a('occi.app.context', 'URL', true, false),
      a('occi.app.url', 'URL', true, false),
      a('occi.app.state', 'Enum {active, inactive, error}', true, false),
      a('occi.app.state.message', 'String', false, false),
    ],
    actions: [
      { term: 'start', target: 'active' },
      { term: 'stop', target: 'inactive' },
    ],
  }),
  spec(PLATFORM, 'component', '§3.2', {
    parent: RESOURCE,
    actionScheme: `${OGF}platform/component/action#`,
    attributes: [
      a('occi.component.state', 'Enum {active, inactive, error}', true, false),
      a('occi.component.state.message', 'String', false, false),
    ],
    actions: [
      { term: 'start', target: 'active' },
      { term: 'stop', target: 'inactive' },
    ],
  }),
  spec(PLATFORM, 'componentlink', '§3.3', { parent: LINK }),
];

export const PLATFORM_MIXINS: readonly CategorySpec[] = [
  spec(PLATFORM, 'database', '§4.1', {
    applies: [`${PLATFORM}component`],
    attributes: [a('occi.database.version', 'String', true, false)],
  }),
  spec(PLATFORM, 'databaselink', '§4.1.1', {
    applies: [`${PLATFORM}componentlink`],
    attributes: [
      a('occi.database.uri', 'URI', true, false),
      a('occi.database.username', 'URI', false, false),
      a('occi.database.token', 'URI', false, false),
    ],
  }),
];

export const APP_TPL = `${PLATFORM}app_tpl`;
export const RES_TPL = `${PLATFORM}res_tpl`;

export const SLA_KINDS: readonly CategorySpec[] = [
  spec(SLA, 'agreement', '§3.1', {
    parent: RESOURCE,
    actionScheme: SLA,
    attributes: [
      a('occi.agreement.state', 'Enum {Pending, Accepted, Rejected, Suspended, Terminated}', true, false),
      a('occi.agreement.agreedAt', 'Datetime (ISO8601)', false, false),
      a('occi.agreement.effectiveFrom', 'Datetime (ISO8601)', false, true),
      a('occi.agreement.effectiveUntil', 'Datetime (ISO8601)', false, true),
    ],
    actions: [
      { term: 'accept', target: 'Accepted' },
      { term: 'reject', target: 'Rejected' },
      { term: 'suspend', target: 'Suspended' },
      { term: 'resume', target: 'Accepted' },
      { term: 'terminate', target: 'Terminated' },
    ],
  }),
  spec(SLA, 'agreement_link', '§3.2', { parent: LINK }),
];

export const AGREEMENT_TPL = `${SLA}agreement_tpl`;
export const AGREEMENT_TERM = `${SLA}agreement_term`;

/** CRTP §2.1 (the declared scheme; spec README erratum 7 for the tables' 1.0 and fedcloud schemes). */
export const CRTP_SCHEME = `${OGF}infrastructure/compute/template/1.1#`;

export interface TemplateSpec {
  term: string;
  req: string;
  section: string;
  required: boolean;
  title: string;
  cores: number;
  memory: number;
  ephemeral: number;
}

export const CRTP_TEMPLATES: readonly TemplateSpec[] = [
  {
    term: 'small',
    req: 'R0306',
    section: '§7.3',
    required: true,
    title: 'A small Compute instance',
    cores: 1,
    memory: 1,
    ephemeral: 10,
  },
  {
    term: 'medium',
    req: 'R0307',
    section: '§7.4',
    required: true,
    title: 'A medium Compute instance',
    cores: 2,
    memory: 2,
    ephemeral: 20,
  },
  {
    term: 'large',
    req: 'R0308',
    section: '§7.5',
    required: true,
    title: 'A large Compute instance',
    cores: 4,
    memory: 4,
    ephemeral: 40,
  },
  {
    term: 'mem_small',
    req: 'R0309',
    section: '§7.6',
    required: false,
    title: 'A small Compute instance for memory-intensive applications',
    cores: 1,
    memory: 4,
    ephemeral: 10,
  },
  {
    term: 'mem_medium',
    req: 'R0310',
    section: '§7.7',
    required: false,
    title: 'A medium Compute instance for memory-intensive applications',
    cores: 2,
    memory: 8,
    ephemeral: 20,
  },
  {
    term: 'mem_large',
    req: 'R0311',
    section: '§7.8',
    required: false,
    title: 'A large Compute instance for memory-intensive applications',
    cores: 4,
    memory: 16,
    ephemeral: 40,
  },
];

export const EPHEMERAL_SIZE = 'occi.compute.ephemeral_storage.size';
export const EPHEMERAL_DEVICE = 'occi.compute.ephemeral_storage.deviceid';

/** Every type identifier the documents define under http://schemas.ogf.org/occi/ (Core §5.3.1: reserved). */
export function documentedIds(): Set<string> {
  const ids = new Set<string>(CORE_IDS);
  const specs = [...INFRA_KINDS, ...INFRA_MIXINS, ...PLATFORM_KINDS, ...PLATFORM_MIXINS, ...SLA_KINDS];
  for (const s of specs) {
    ids.add(s.id);
    for (const act of s.actions) ids.add((s.actionScheme ?? '') + act.term);
  }
  for (const id of [OS_TPL, RESOURCE_TPL, APP_TPL, RES_TPL, AGREEMENT_TPL, AGREEMENT_TERM]) ids.add(id);
  for (const t of CRTP_TEMPLATES) {
    ids.add(CRTP_SCHEME + t.term);
    ids.add(`${OGF}infrastructure/compute/template/1.0#${t.term}`);
  }
  return ids;
}
