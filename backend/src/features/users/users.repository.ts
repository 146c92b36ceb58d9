import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { centres, reporterOrgs, users } from '../../db/schema.js';

export type UserRow = typeof users.$inferSelect;

export async function findUsers(exec: Executor): Promise<UserRow[]> {
  return exec.select().from(users).orderBy(asc(users.username));
}

/** One user, locked for update when inside a transaction that will change it. */
export async function findUserForUpdate(exec: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await exec.select().from(users).where(eq(users.id, id)).for('update');
  return row;
}

export async function centreExists(exec: Executor, id: string): Promise<boolean> {
  const [row] = await exec.select({ id: centres.id }).from(centres).where(eq(centres.id, id));
  return Boolean(row);
}

export async function orgExists(exec: Executor, id: string): Promise<boolean> {
  const [row] = await exec
    .select({ id: reporterOrgs.id })
    .from(reporterOrgs)
    .where(eq(reporterOrgs.id, id));
  return Boolean(row);
}

export async function findBindingChoices(
  exec: Executor,
): Promise<{ centres: { id: string; name: string }[]; orgs: { id: string; name: string }[] }> {
  const [centreRows, orgRows] = await Promise.all([
    exec.select({ id: centres.id, name: centres.name }).from(centres).orderBy(asc(centres.name)),
    exec
      .select({ id: reporterOrgs.id, name: reporterOrgs.name })
      .from(reporterOrgs)
      .orderBy(asc(reporterOrgs.name)),
  ]);
  return { centres: centreRows, orgs: orgRows };
}
