import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';

const HEAP_PATH = fileURLToPath(new URL('./heap-path.mjs', import.meta.url));

/** Marks what `ref` points at with a property of its own; returns the property's name. */
function mark(ref: WeakRef<object>): string | undefined {
  const target = ref.deref();
  if (!target) return undefined;
  const name = `heldBy${randomBytes(4).toString('hex')}`;
  Object.defineProperty(target, name, { value: {}, enumerable: false });
  return name;
}

/**
 * What keeps the object `ref` points at alive: the chain of strong references from the heap's
 * root to it, read from a heap snapshot by another process. For a test's failure message, when an
 * object that should have been let go is still there.
 */
export async function whatHolds(ref: WeakRef<object>): Promise<string> {
  const marker = mark(ref);
  if (!marker) return 'nothing: it was let go';
  // A later turn, so neither this function's frame nor the weak reference holds it any more.
  await sleep(20);
  const file = join(tmpdir(), `hutong-${process.pid}-${marker}.heapsnapshot`);
  writeHeapSnapshot(file);
  try {
    return await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        ['--max-old-space-size=8192', HEAP_PATH, file, marker],
        { timeout: 120_000, maxBuffer: 1 << 20 },
        (err, stdout) =>
          resolve(err ? `the heap snapshot could not be read: ${err.message}` : stdout),
      );
    });
  } finally {
    rmSync(file, { force: true });
  }
}
