/** The circuit-breaker settings every guarded dependency takes (opossum's terms). */
export interface BreakerEnvSettings {
  timeoutMs: number;
  errorThresholdPercentage: number;
  resetTimeoutMs: number;
  volumeThreshold: number;
}

/** Reads one whole number ≥ `min` from a variable, recording a problem when it is not one. */
export type NumberReader = (name: string, fallback: number, options?: { min?: number }) => number;

/**
 * Reads `<prefix>_TIMEOUT_MS` (or `timeoutVariable`), `<prefix>_BREAKER_ERROR_PERCENTAGE`,
 * `<prefix>_BREAKER_RESET_TIMEOUT_MS` and `<prefix>_BREAKER_VOLUME_THRESHOLD`, each falling back
 * to `defaults`. Problems go through `number` and `problems`, so the caller's single validation
 * pass lists them with all the others.
 */
export function readBreakerEnv(
  prefix: string,
  defaults: BreakerEnvSettings,
  number: NumberReader,
  problems: string[],
  { timeoutVariable = `${prefix}_TIMEOUT_MS` }: { timeoutVariable?: string } = {},
): BreakerEnvSettings {
  const percentage = `${prefix}_BREAKER_ERROR_PERCENTAGE`;
  const settings = {
    timeoutMs: number(timeoutVariable, defaults.timeoutMs, { min: 100 }),
    errorThresholdPercentage: number(percentage, defaults.errorThresholdPercentage),
    resetTimeoutMs: number(`${prefix}_BREAKER_RESET_TIMEOUT_MS`, defaults.resetTimeoutMs, {
      min: 100,
    }),
    volumeThreshold: number(`${prefix}_BREAKER_VOLUME_THRESHOLD`, defaults.volumeThreshold, {
      min: 0,
    }),
  };
  if (settings.errorThresholdPercentage > 100) {
    problems.push(`${percentage}: '${settings.errorThresholdPercentage}' must be at most 100`);
  }
  return settings;
}
