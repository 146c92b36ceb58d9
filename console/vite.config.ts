import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Emits `sw.js`, the console's service worker (`service-worker.js`), with this build's id and
 * the list of files to cache for offline use: the shell and every built asset, not source maps.
 * Hand-written rather than vite-plugin-pwa/Workbox: the worker needs three small handlers, and
 * this keeps the build free of Workbox's dependency tree.
 */
function serviceWorker(): Plugin {
  const source = fileURLToPath(new URL('./service-worker.js', import.meta.url));
  return {
    name: 'hutong-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map') && !file.startsWith('.vite/'))
        .sort();
      const hash = createHash('sha256');
      for (const file of files) {
        const output = bundle[file];
        hash.update(file);
        // Asset and chunk names carry their content's hash; index.html does not.
        if (output?.type === 'asset' && file === 'index.html') hash.update(output.source);
      }
      const precache = files.map((file) => `/${file}`);
      const code = readFileSync(source, 'utf8')
        .replace('__HUTONG_BUILD__;', `${JSON.stringify(hash.digest('hex').slice(0, 16))};`)
        .replace('__HUTONG_PRECACHE__;', `${JSON.stringify(precache)};`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
    },
  };
}

/** The backend the dev server forwards API and socket traffic to (same origin in production). */
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), serviceWorker()],
  resolve: {
    // Build from shared's TypeScript source so the console never needs shared's dist first. The
    // route table has an entry of its own, so the API client can load it after first paint.
    alias: [
      {
        find: /^@hutong\/shared\/api$/,
        replacement: fileURLToPath(new URL('../shared/src/api.ts', import.meta.url)),
      },
      {
        find: /^@hutong\/shared$/,
        replacement: fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    rollupOptions: {
      output: {
        // The form kit and the region picker go wherever a form does (the report page, the
        // assessment): one chunk, not two, for the report page's first load on slow phones.
        manualChunks(id) {
          if (/\/components\/form-kit\.tsx$|\/report\/components\/RegionPicker\.tsx$/.test(id))
            return 'form-fields';
          return undefined;
        },
      },
    },
  },
});
