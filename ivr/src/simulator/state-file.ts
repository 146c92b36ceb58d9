import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Where the backend announces a running simulator, relative to the repository root. */
export const SIMULATOR_STATE_FILE = 'data/simulator.json';

/**
 * The contents of data/simulator.json, written by whoever starts the simulator:
 * `{ "url": "http://127.0.0.1:4010", "hotlineNumber": "+861012355000", "pid": 1234 }`.
 * Only `url` is required.
 */
export interface SimulatorState {
  url: string;
  hotlineNumber?: string;
  pid?: number;
}

/** Reads data/simulator.json under `root`; undefined when absent or malformed. */
export async function readSimulatorState(
  root = process.cwd(),
): Promise<SimulatorState | undefined> {
  try {
    const raw = JSON.parse(await readFile(resolve(root, SIMULATOR_STATE_FILE), 'utf8')) as unknown;
    if (raw && typeof raw === 'object' && typeof (raw as { url?: unknown }).url === 'string') {
      return raw as SimulatorState;
    }
  } catch {
    // Absent or unreadable: the caller falls back to --sim or HUTONG_SIM_URL.
  }
  return undefined;
}
