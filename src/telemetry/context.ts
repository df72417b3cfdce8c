import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written inside one operation carries. */
export interface OperationContext {
  correlationId: string;
  policy?: string;
  namespace?: string;
  operation?: string;
}

const storage = new AsyncLocalStorage<OperationContext>();

export function newCorrelationId(): string {
  return randomUUID();
}

/** Runs `work` with `context` attached to every log line, Event and notification it causes. */
export function withOperationContext<T>(context: OperationContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentOperationContext(): OperationContext | undefined {
  return storage.getStore();
}
