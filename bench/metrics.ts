import type { ControllerProcess } from '../test/e2e/support/controller.ts';

export type RequestCounts = Record<string, number>;

/** The controller's `nsscaler_kube_api_requests_total`, keyed `verb resource`. */
export async function apiRequestCounts(controller: ControllerProcess): Promise<RequestCounts> {
  const port = controller.metricsPort();
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const counts: RequestCounts = {};
  const sample =
    /^nsscaler_kube_api_requests_total\{verb="([^"]+)",resource="([^"]+)",code="[^"]+"\} (\d+)$/;
  for (const line of text.split('\n')) {
    const match = sample.exec(line);
    if (!match) continue;
    const key = `${match[1]} ${match[2]}`;
    counts[key] = (counts[key] ?? 0) + Number(match[3]);
  }
  return counts;
}

export function diffCounts(before: RequestCounts, after: RequestCounts): RequestCounts {
  const diff: RequestCounts = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) diff[key] = delta;
  }
  return diff;
}

/**
 * Writes (create, update, patch, delete) by resource; `scaling` leaves out the Lease renewals of
 * leader election, which go on whatever the namespaces do.
 */
export function writesOf(
  counts: RequestCounts,
): RequestCounts & { total: number; scaling: number } {
  const writes: RequestCounts = {};
  let total = 0;
  for (const [key, value] of Object.entries(counts)) {
    const [verb = '', resource = ''] = key.split(' ');
    if (verb === 'get' || verb === 'list') continue;
    writes[resource] = (writes[resource] ?? 0) + value;
    total += value;
  }
  return { ...writes, total, scaling: total - (writes.leases ?? 0) };
}
