/** One `nsscaler` subcommand. `run` receives the arguments after the subcommand's name. */
export interface Command {
  name: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** A mistake in how the command was called; main prints it and exits with code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function formatHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'nsscaler puts Kubernetes namespaces to sleep and wakes them on schedules.',
    '',
    'Usage: nsscaler <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'nsscaler <command> --help' for a command's options.",
    '',
  ].join('\n');
}
