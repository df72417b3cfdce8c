import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const stateDir = process.env.NSSCALER_STATE ?? new URL('../../../.local', import.meta.url).pathname;
const pidFile = join(stateDir, 'cluster/pids/kube-apiserver.pid');

/**
 * Stops and resumes the API server process of the test cluster: SIGSTOP and SIGCONT on the local
 * control plane, `docker pause` and `docker unpause` of the control-plane node on kind.
 */
export async function setApiServerStopped(stopped: boolean): Promise<void> {
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    process.kill(pid, stopped ? 'SIGSTOP' : 'SIGCONT');
    return;
  }
  if (existsSync(join(stateDir, 'kind-cluster'))) {
    await exec('docker', [stopped ? 'pause' : 'unpause', 'nsscaler-control-plane']);
    return;
  }
  throw new Error(`no API server process to stop: neither ${pidFile} nor a kind cluster exists`);
}
