/** What a backend row of the registry holds, and the checks of option values the rows share. */
import type { Extension } from '@occi/core';

/** An option of a backend: its flag, environment variable and config key; `convert` checks a raw value. */
export interface BackendOption {
  key: string;
  flag: string;
  env: string;
  /** The placeholder of its value in `--help`; none for a boolean flag. */
  value?: string;
  help: string;
  default?: string;
  /** The backend cannot run without it. */
  required?: boolean;
  /** The typed value, or a message saying what is wrong with `raw`. */
  convert(raw: string): { value: unknown } | { problem: string };
}

export interface BackendRow {
  name: string;
  /** What it runs entities on, for `--help`, the banner and the README. */
  summary: string;
  /** Extensions it needs loaded. */
  requires: readonly string[];
  /** It offers the OS templates itself (no catalogue from the configuration is loaded). */
  osTemplates: boolean;
  options: readonly BackendOption[];
  /** The backend extension, from its options' values; none for the reference backend. */
  create(options: Record<string, unknown>): Extension | undefined;
  /** The banner line, e.g. `docker engine at unix:///run/podman/podman.sock`. */
  describe(options: Record<string, unknown>): string;
}

/** A whole number between `min` and `max`, or what is wrong with `raw`. */
export function wholeNumber(raw: string, min: number, max: number): { value: number } | { problem: string } {
  return /^\d+$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max
    ? { value: Number(raw) }
    : { problem: `"${raw}" is not a whole number between ${min} and ${max}` };
}

/** A boolean flag's value: true, 1, yes or nothing; false, 0, no. */
export function flag(raw: string): { value: boolean } | { problem: string } {
  const value = raw.toLowerCase();
  if (['true', '1', 'yes', ''].includes(value)) return { value: true };
  if (['false', '0', 'no'].includes(value)) return { value: false };
  return { problem: `"${raw}" is not a boolean` };
}
