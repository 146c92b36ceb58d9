// What the public report page costs a reporter on a slow phone: the gzip size of every
// JavaScript chunk the browser must fetch before /report can render (the entry, the report
// page's own chunk, the reader's strings — Chinese, the larger — and everything they import
// statically), read from the console build's
// Vite manifest. `node scripts/report-bundle.mjs` prints it; a test holds it to the budget.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { root } from './lib.mjs';

/** Bytes (gzip) of first-load JavaScript for /report, measured 2026-12-02 before Ant Design. */
export const REPORT_FIRST_LOAD_BUDGET = 179_000;

export function reportFirstLoad(dist = join(root, 'console', 'dist')) {
  const manifestPath = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`No console build manifest at ${manifestPath}: run npm run build first`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const chunks = new Set();
  const visit = (key) => {
    if (chunks.has(key)) return;
    chunks.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const page = Object.keys(manifest).find((key) => key.endsWith('ReportPage.tsx'));
  const strings = Object.keys(manifest).find((key) => key.endsWith('locales/zh-cn.ts'));
  if (!entry || !page || !strings) {
    throw new Error('The manifest has no entry, ReportPage or Chinese strings chunk');
  }
  visit(entry);
  visit(page);
  visit(strings);
  const files = [...chunks].map((key) => manifest[key].file);
  const gzip = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length,
    0,
  );
  return { files, gzip };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, gzip } = reportFirstLoad();
  console.log(`/report first-load JavaScript: ${gzip} bytes gzip in ${files.length} chunks`);
  console.log(
    `budget: ${REPORT_FIRST_LOAD_BUDGET} bytes (${((gzip / REPORT_FIRST_LOAD_BUDGET) * 100).toFixed(1)} %)`,
  );
}
