/**
 * Writes a command's configuration problems to stderr, one per line under one heading, and
 * returns the exit code for them (1).
 */
export function reportConfigurationProblems(command: string, problems: readonly string[]): number {
  const lines = problems.map((problem) => `  - ${problem}`).join('\n');
  process.stderr.write(`nsscaler ${command}: invalid configuration:\n${lines}\n`);
  return 1;
}
