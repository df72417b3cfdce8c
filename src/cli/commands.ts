import { explainCommand } from './explain.ts';
import type { Command } from './help.ts';
import { runCommand } from './run.ts';
import { versionCommand } from './version.ts';

/** Every subcommand of `nsscaler`, in the order `--help` lists them. */
export const commands: readonly Command[] = [explainCommand, runCommand, versionCommand];
