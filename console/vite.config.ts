import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/** The backend the dev server forwards API and socket traffic to (same origin in production). */
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
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
