/**
 * What a check is: one observable requirement of one document, at its
 * section and level (RFC 2119: MUST, SHOULD, MAY), and what it ended in.
 */
import type { Probe } from './probe.js';

export type Level = 'MUST' | 'SHOULD' | 'MAY';
export type Status = 'pass' | 'fail' | 'skip';

/** The documents, in the order of the report. */
export const DOCUMENTS = {
  core: { name: 'Core', ref: 'GFD.221' },
  http: { name: 'HTTP protocol', ref: 'GFD.223' },
  plain: { name: 'text/plain', ref: 'GFD.229 §6' },
  occi: { name: 'text/occi', ref: 'GFD.229 §7' },
  urilist: { name: 'text/uri-list', ref: 'GFD.229 §8' },
  json: { name: 'JSON rendering', ref: 'GFD.225' },
  infra: { name: 'Infrastructure', ref: 'GFD.224' },
  platform: { name: 'Platform', ref: 'GFD.227' },
  sla: { name: 'SLA', ref: 'GFD.228' },
  crtp: { name: 'CRTP', ref: 'GWD.222' },
} as const;

export type DocumentKey = keyof typeof DOCUMENTS;
export const DOCUMENT_KEYS = Object.keys(DOCUMENTS) as DocumentKey[];

export interface Check {
  /** `<document>.<section>.<name>`, e.g. `http.8.1.get-entity-json`. */
  id: string;
  doc: DocumentKey;
  /** As the document numbers it: `§8.1`, or a requirement of the profile: `R0306`. */
  section: string;
  level: Level;
  /** What the check does, in one sentence. */
  title: string;
  /** It creates or changes entities (its own): skipped with `--read-only`. */
  writes: boolean;
  /** It judges every response of the run: it runs after the others and after the clean-up. */
  final: boolean;
  /** Resolves with a note when the requirement holds; throws `Fail` or `Skip` (outcome.ts) otherwise. */
  run(probe: Probe): Promise<string | undefined>;
}

export interface Result {
  id: string;
  doc: DocumentKey;
  section: string;
  level: Level;
  title: string;
  status: Status;
  /** Why it failed or was skipped; a note when it passed. */
  reason?: string;
  /** The request and response that show a failure. */
  evidence?: string;
  ms: number;
}
