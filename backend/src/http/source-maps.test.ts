import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server.js';
import { TEST_DB_KIND } from '../../test/db.js';

/** A built console in miniature: a page, a script and its source map. */
function consoleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Hutong</title>');
  writeFileSync(
    join(dir, 'assets', 'index.js'),
    'console.log(1);\n//# sourceMappingURL=index.js.map',
  );
  writeFileSync(join(dir, 'assets', 'index.js.map'), '{"version":3,"sources":["src/secret.ts"]}');
  return dir;
}

describe(`source maps of the console (${TEST_DB_KIND})`, () => {
  const dir = consoleDir();
  let demo: TestServer;
  let production: TestServer;
  beforeAll(async () => {
    demo = await startTestServer({ env: { HUTONG_CONSOLE_DIR: dir } });
    production = await startTestServer({
      env: {
        HUTONG_CONSOLE_DIR: dir,
        HUTONG_MODE: 'production',
        // The test server hands over its own database and Redis; these only satisfy the checks.
        DATABASE_URL: 'postgres://unused/hutong',
        REDIS_URL: inject('redisUrl'),
        HUTONG_PUBLIC_URL: 'https://hotline.example.org',
      },
    });
  });
  afterAll(async () => {
    await Promise.all([demo?.stop(), production?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('are not served in production mode, while the scripts are', async () => {
    const map = await fetch(`${production.url}/assets/index.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.ts');
    expect((await fetch(`${production.url}/assets/index.js`)).status).toBe(200);
  });

  it('answer a file of the build that is not there with 404, not with the page', async () => {
    for (const server of [demo, production]) {
      const missing = await fetch(`${server.url}/assets/Gone-0ld.js`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).not.toContain('html');
      const route = await fetch(`${server.url}/children/123`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<title>Hutong</title>');
    }
  });

  it('are served in demo mode, for debugging', async () => {
    const map = await fetch(`${demo.url}/assets/index.js.map`);
    expect(map.status).toBe(200);
    expect(await map.text()).toContain('secret.ts');
  });
});
