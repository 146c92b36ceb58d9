// Summarises V8 CPU profiles (.cpuprofile, from `node --cpu-prof`) by self time: per package
// (or first-party file) and per function. Standalone: node bench/profile-summary.mjs <dir>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function owner(url) {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/(backend|shared|ivr)\/dist\/(.*)$/.exec(url);
  return m ? `${m[1]}/dist/${m[2]}` : url.replace(/^file:\/\//, '');
}

/** Returns { totalMs, byPackage: [{name, ms, percent}], byFunction: [...] } over every profile in dir. */
export function summariseProfiles(dir) {
  if (!existsSync(dir)) return null;
  const byPackage = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i] ?? 0) / 1000;
      self.set(id, (self.get(id) ?? 0) + dt);
    });
    for (const [id, ms] of self) {
      const { callFrame } = nodes.get(id);
      const fn = callFrame.functionName || '(anonymous)';
      if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') {
        byPackage.set(fn, (byPackage.get(fn) ?? 0) + ms);
        if (fn !== '(idle)') total += ms;
        continue;
      }
      total += ms;
      const pkg = owner(callFrame.url);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
      const key = `${fn}  ${owner(callFrame.url)}:${callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    }
  }
  const rank = (map) =>
    [...map]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([name, ms]) => ({
        name,
        ms: Math.round(ms),
        percent: total ? Math.round((ms / total) * 1000) / 10 : 0,
      }));
  return {
    busyMs: Math.round(total),
    idleMs: Math.round(byPackage.get('(idle)') ?? 0),
    byPackage: rank(byPackage),
    byFunction: rank(byFunction),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const summary = summariseProfiles(process.argv[2] ?? '.');
  if (!summary) {
    console.error('No such directory');
    process.exit(1);
  }
  console.log(`busy ${summary.busyMs} ms, idle ${summary.idleMs} ms (self time)`);
  for (const p of summary.byPackage.slice(0, 20))
    console.log(`${String(p.percent).padStart(5)} %  ${p.name}`);
  console.log('');
  for (const f of summary.byFunction.slice(0, 30))
    console.log(`${String(f.percent).padStart(5)} %  ${f.name}`);
}
