#!/usr/bin/env node
import { commands } from './commands.ts';
import { CliUsageError, formatHelp } from './help.ts';

/** Entry point of the `nsscaler` command: dispatches to one subcommand and sets the exit code. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;

  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(formatHelp(commands));
    return name === undefined ? 2 : 0;
  }

  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    process.stderr.write(`nsscaler: unknown command '${name}'\n\n${formatHelp(commands)}`);
    return 2;
  }

  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`nsscaler ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
