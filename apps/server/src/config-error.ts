/** Thrown for a configuration mistake: the message names the option. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
