import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledBrowser, findSystemBrowser, resolveBrowser } from './browser.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'hutong-browser-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('finding a browser for the tests', () => {
  it('takes CHROMIUM_PATH when it is set and refuses one that does not exist', () => {
    const fake = join(scratch, 'my-chrome');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    expect(resolveBrowser({ CHROMIUM_PATH: fake })).toEqual({
      path: fake,
      source: 'CHROMIUM_PATH',
    });
    expect(() => resolveBrowser({ CHROMIUM_PATH: join(scratch, 'absent') })).toThrow(
      /CHROMIUM_PATH=.*absent is not an executable file/,
    );
  });

  it('finds a system browser on PATH when none is at the usual places', () => {
    const bin = mkdtempSync(join(scratch, 'bin-'));
    expect(findSystemBrowser([], [bin])).toBeNull();
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\n');
    chmodSync(join(bin, 'chromium'), 0o755);
    expect(findSystemBrowser([join(scratch, 'nowhere')], [bin])).toBe(join(bin, 'chromium'));
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'unpacks the Chromium that @sparticuz/chromium ships, once, and it runs',
    () => {
      const cache = join(scratch, 'cache');
      const binary = bundledBrowser(cache);
      expect(binary).toMatch(/hutong-browser-.*\/cache\/[\d.]+\/chromium$/);
      expect(execFileSync(binary!, ['--version'], { encoding: 'utf8' })).toMatch(/Chromium \d+/);
      // A second call finds the unpacked copy instead of unpacking again.
      expect(bundledBrowser(cache)).toBe(binary);
    },
  );
});
