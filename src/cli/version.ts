import { readFileSync } from 'node:fs';

import type { Command } from './help.ts';

const packageJson = new URL('../../package.json', import.meta.url);

export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the nsscaler version',
  run() {
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
    process.stdout.write(`nsscaler ${version} (node ${process.version})\n`);
    return Promise.resolve(0);
  },
};
