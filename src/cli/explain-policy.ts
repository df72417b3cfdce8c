import { readFileSync } from 'node:fs';

import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

import { KubeClient } from '../k8s/client.ts';
import { KubeApiError } from '../k8s/errors.ts';
import { resources } from '../k8s/resources.ts';
import { CliUsageError } from './help.ts';

/** A policy to explain and where it came from, for messages ("policy.yaml", "cluster"). */
export interface PolicySource {
  spec: unknown;
  origin: string;
}

interface Manifest {
  kind?: unknown;
  metadata?: { name?: unknown };
  spec?: unknown;
}

/** A live policy could not be read for another reason than a wrong name. */
export class ClusterReadError extends Error {
  override name = 'ClusterReadError';
}

/**
 * The policy in a manifest file. The file may hold several YAML documents (other kinds are
 * skipped); with more than one NamespaceScalingPolicy, `name` picks one. Problems with the file or
 * the choice are usage errors that say what the file holds.
 */
export function readPolicyFile(file: string, name: string | undefined): PolicySource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliUsageError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }

  const manifests: Manifest[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new CliUsageError(`${file} is not valid YAML: ${document.errors[0]!.message}`);
    }
    const manifest = document.toJS() as Manifest | null;
    if (manifest !== null) manifests.push(manifest);
  }
  const policies = manifests.filter((manifest) => manifest.kind === 'NamespaceScalingPolicy');
  const names = policies.map((policy) =>
    typeof policy.metadata?.name === 'string' ? policy.metadata.name : '(no name)',
  );

  if (policies.length === 0) {
    const kinds = manifests.map((manifest) => String(manifest.kind)).join(', ') || 'nothing';
    throw new CliUsageError(`${file} holds no NamespaceScalingPolicy (it holds ${kinds})`);
  }
  if (name !== undefined) {
    const chosen = policies.find((policy) => policy.metadata?.name === name);
    if (chosen === undefined) {
      throw new CliUsageError(
        `${file} has no NamespaceScalingPolicy named ${name} (it has ${names.join(', ')})`,
      );
    }
    return { spec: chosen.spec, origin: `${file} (${name})` };
  }
  if (policies.length > 1) {
    throw new CliUsageError(
      `${file} holds ${policies.length} policies (${names.join(', ')}): choose one with --policy`,
    );
  }
  return { spec: policies[0]!.spec, origin: file };
}

/** Reads a policy's spec from the cluster; resolves undefined when there is no such policy. */
export type LivePolicyReader = (name: string) => Promise<unknown>;

/**
 * Reads live policies through the kubeconfig (KUBECONFIG, else ~/.kube/config, else the
 * in-cluster ServiceAccount), the way kubectl does. Only `get` is used, so read-only RBAC is
 * enough.
 */
export function kubeconfigPolicyReader(): LivePolicyReader {
  return async (name) => {
    const kubeConfig = new KubeConfig();
    try {
      kubeConfig.loadFromDefault();
      const client = new KubeClient(kubeConfig, { fieldManager: 'nsscaler-explain' });
      const policy = await client.get<Manifest>(resources.policy, undefined, name);
      return policy.spec;
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) return undefined;
      const message = err instanceof Error ? err.message : String(err);
      const server = kubeConfig.getCurrentCluster()?.server ?? 'the cluster';
      throw new ClusterReadError(`cannot read policy ${name} from ${server}: ${message}`, {
        cause: err,
      });
    }
  };
}

/** The live policy `name`; a name the cluster does not know is a usage error. */
export async function readLivePolicy(read: LivePolicyReader, name: string): Promise<PolicySource> {
  const spec = await read(name);
  if (spec === undefined) {
    throw new CliUsageError(`the cluster has no NamespaceScalingPolicy named ${name}`);
  }
  return { spec, origin: `policy ${name}` };
}
