import { explainCommand } from './explain.ts';
import type { Command } from './help.ts';
import { historyCommand } from './history.ts';
import { rollbackCommand } from './rollback.ts';
import { runCommand } from './run.ts';
import { versionCommand } from './version.ts';

/** Every subcommand of `nsscaler`, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  explainCommand,
  historyCommand,
  rollbackCommand,
  runCommand,
  versionCommand,
];
