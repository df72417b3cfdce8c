/** How often nsscaler writes one workload's sleep value in one sleep before it gives up (C5). */
export const maxSleepAttempts = 3;

/**
 * Counts the sleep writes that landed, per workload per sleep (C5). When something keeps undoing
 * nsscaler's change (GitOps self-heal, an operator), nsscaler stops after `maxSleepAttempts` and
 * reports it once.
 *
 * Known limitations: the counts live in memory, so a restarted controller allows another three
 * attempts in the same sleep.
 */
export class ContestTracker {
  private readonly writeCounts = new Map<string, Map<string, number>>();

  canWrite(operationId: string, workload: string): boolean {
    return (this.writeCounts.get(operationId)?.get(workload) ?? 0) < maxSleepAttempts;
  }

  attempts(operationId: string, workload: string): number {
    return this.writeCounts.get(operationId)?.get(workload) ?? 0;
  }

  recordWrite(operationId: string, workload: string): void {
    let counts = this.writeCounts.get(operationId);
    if (!counts) {
      counts = new Map();
      this.writeCounts.set(operationId, counts);
    }
    counts.set(workload, (counts.get(workload) ?? 0) + 1);
  }

  contested(operationId: string): string[] {
    const counts = this.writeCounts.get(operationId) ?? new Map<string, number>();
    return [...counts].filter(([, count]) => count >= maxSleepAttempts).map(([name]) => name);
  }

  /** Forgets a finished sleep. */
  forget(operationId: string): void {
    this.writeCounts.delete(operationId);
  }
}
