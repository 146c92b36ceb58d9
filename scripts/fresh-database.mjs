// A fresh database on a PostgreSQL server for one run (chaos, day), dropped at the end unless kept.
import { onCleanup } from '../bench/lib/processes.mjs';

export async function freshDatabase(adminUrl, name, keep) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  if (!keep) {
    onCleanup(`drop database ${name}`, async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    });
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
