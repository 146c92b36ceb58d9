import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The file's name inside the backend's data directory (HUTONG_DATA_DIR, default ./data). */
export const SIMULATOR_STATE_NAME = 'simulator.json';
/** Where the backend announces a running simulator with the default data directory. */
export const SIMULATOR_STATE_FILE = join('data', SIMULATOR_STATE_NAME);

/** The state file inside a data directory: `simulatorStatePath('./data')` → data/simulator.json. */
export function simulatorStatePath(dataDir: string): string {
  return join(dataDir, SIMULATOR_STATE_NAME);
}

/**
 * The contents of simulator.json, written by whoever starts the simulator:
 * `{ "url": "http://127.0.0.1:4010", "hotlineNumber": "+861012355000", "pid": 1234 }`.
 * Only `url` is required.
 */
export interface SimulatorState {
  url: string;
  hotlineNumber?: string;
  pid?: number;
}

/**
 * Reads simulator.json in `dataDir` (the same HUTONG_DATA_DIR the backend uses, default ./data)
 * under `root`; undefined when absent or malformed.
 */
export async function readSimulatorState(
  root = process.cwd(),
  dataDir = process.env.HUTONG_DATA_DIR ?? 'data',
): Promise<SimulatorState | undefined> {
  try {
    const file = resolve(root, simulatorStatePath(dataDir));
    const raw = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (raw && typeof raw === 'object' && typeof (raw as { url?: unknown }).url === 'string') {
      return raw as SimulatorState;
    }
  } catch {
    // Absent or unreadable: the caller falls back to --sim or HUTONG_SIM_URL.
  }
  return undefined;
}
