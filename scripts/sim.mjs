#!/usr/bin/env node
// `npm run sim -- …`: the Twilio simulator's CLI, or with `12345 …` the 12345 simulator's.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const cli =
  args[0] === '12345'
    ? '../backend/dist/features/hotline12345/simulator/cli.js'
    : '../ivr/dist/simulator/cli.js';
const rest = args[0] === '12345' ? args.slice(1) : args;
const result = spawnSync(
  process.execPath,
  [fileURLToPath(new URL(cli, import.meta.url)), ...rest],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
