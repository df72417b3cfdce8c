import type { NamespaceObject } from './types.ts';

const prefix = 'nsscaler.io/';

/** Namespace annotations nsscaler reads (users write them) or writes itself. */
export const namespaceAnnotations = {
  /** `"true"` keeps every policy away from the namespace; `"false"` is the same as absent. */
  exclude: 'nsscaler.io/exclude',
  /** Written when a policy with `onDelete: KeepAsleep` is deleted: the namespace stays asleep. */
  keptAsleepBy: 'nsscaler.io/kept-asleep-by',
} as const;

export interface NamespaceSettings {
  excluded: boolean;
  keptAsleepBy?: string | undefined;
}

export type NamespaceSettingsResult =
  { valid: true; settings: NamespaceSettings } | { valid: false; problems: string[] };

/**
 * Reads nsscaler's annotations on a namespace (O5): a value that is not what the key takes, or an
 * `nsscaler.io/` key nsscaler does not know, is a problem naming that key; it makes this namespace
 * invalid and nothing else.
 */
export function readNamespaceSettings(namespace: NamespaceObject): NamespaceSettingsResult {
  const problems: string[] = [];
  const settings: NamespaceSettings = { excluded: false };
  const known = new Set<string>(Object.values(namespaceAnnotations));

  for (const [key, value] of Object.entries(namespace.metadata.annotations ?? {})) {
    if (!key.startsWith(prefix)) continue;
    if (!known.has(key)) {
      problems.push(`annotation ${key}: unknown nsscaler annotation`);
    } else if (key === namespaceAnnotations.exclude) {
      if (value === 'true' || value === 'false') settings.excluded = value === 'true';
      else
        problems.push(`annotation ${key}: ${JSON.stringify(value)} is neither "true" nor "false"`);
    } else if (key === namespaceAnnotations.keptAsleepBy) {
      settings.keptAsleepBy = value;
    }
  }
  return problems.length ? { valid: false, problems } : { valid: true, settings };
}
