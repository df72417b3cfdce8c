import type { EventEmitter } from 'node:events';

/**
 * Which circuit breakers are open now, by name (`prometheus/<server>`,
 * `notifications/slack/<secret ref>`, ...), so the `Degraded` condition can name what is down.
 * Each breaker is handed over once with `watch`; its open and close events keep the set current,
 * and every change calls the listeners. A half-open breaker still counts as open: it has not
 * shown that the dependency works again.
 */
export class OpenBreakers {
  readonly #open = new Set<string>();
  readonly #listeners: Array<() => void> = [];

  watch(breaker: EventEmitter, name: string): void {
    breaker.on('open', () => this.#set(name, true));
    breaker.on('close', () => this.#set(name, false));
  }

  /** The open breakers whose names start with `prefix`, sorted. */
  named(prefix: string): string[] {
    return [...this.#open].filter((name) => name.startsWith(prefix)).sort();
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  #set(name: string, open: boolean): void {
    const changed = open ? !this.#open.has(name) : this.#open.has(name);
    if (open) this.#open.add(name);
    else this.#open.delete(name);
    if (changed) for (const listener of this.#listeners) listener();
  }
}
