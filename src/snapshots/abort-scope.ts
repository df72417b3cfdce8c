import { AsyncLocalStorage } from 'node:async_hooks';

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const scopeSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` so that every DynamoDB request it sends is cancelled when `signal` aborts. */
export function withAbortSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return scopeSignal.run(signal, work);
}

interface SignalledHandler {
  handle(request: unknown, options?: { abortSignal?: unknown }): Promise<unknown>;
}

/**
 * Makes `client` (and every document client built on it, which share its request handler) pass
 * the signal of the surrounding `withAbortSignal` to each HTTP request, the way
 * `send(command, { abortSignal })` does. The store's request modules stay unaware of it, and a
 * circuit breaker timeout cancels the request it gave up on instead of leaving it running.
 */
export function cancelRequestsWithScopeSignal(client: DynamoDBClient): void {
  const handler = client.config.requestHandler as unknown as SignalledHandler;
  client.config.requestHandler = new Proxy(handler, {
    get(target, property) {
      if (property === 'handle') {
        return (request: unknown, options: { abortSignal?: unknown } = {}) =>
          target.handle(request, {
            ...options,
            abortSignal: options.abortSignal ?? scopeSignal.getStore(),
          });
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  }) as unknown as typeof client.config.requestHandler;
}
