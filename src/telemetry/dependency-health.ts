/** A dependency nsscaler needs, as the `Degraded` policy condition names it. */
export interface DependencyHealthSource {
  /** The dependency's name in the condition, such as `DynamoDB` or `KubeAPIServer`. */
  readonly dependency: string;
  /** What is wrong, for people, while the dependency is degraded; undefined while it is not. */
  degradation(): string | undefined;
}

export interface Degradation {
  dependency: string;
  message: string;
}

/**
 * Every dependency whose health shows in the `Degraded` condition (O4). Each source is registered
 * once at start-up and calls `changed()` when its health changes, so policies are rewritten.
 * The DynamoDB store and the API write breaker are registered by `nsscaler run`; the breakers of
 * Prometheus, Slack and SMTP are registered the same way, with `register`.
 */
export class DependencyHealth {
  private readonly sources: DependencyHealthSource[] = [];
  private readonly listeners: Array<() => void> = [];

  register(source: DependencyHealthSource): void {
    if (this.sources.some((known) => known.dependency === source.dependency)) {
      throw new Error(`the dependency ${source.dependency} is registered twice`);
    }
    this.sources.push(source);
  }

  /** Called by a source when its health changed. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Every degraded dependency, in the order they were registered. */
  degraded(): Degradation[] {
    return this.sources.flatMap((source) => {
      const message = source.degradation();
      return message === undefined ? [] : [{ dependency: source.dependency, message }];
    });
  }

  /**
   * The degradation the condition shows: the one dependency's own, or, when several are
   * degraded, all of them named in one message (reason `DependenciesUnavailable`).
   */
  summary(): Degradation | undefined {
    const degraded = this.degraded();
    if (degraded.length <= 1) return degraded[0];
    return {
      dependency: 'Dependencies',
      message: degraded.map(({ dependency, message }) => `${dependency}: ${message}`).join('; '),
    };
  }
}
