import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { centres } from '../../db/schema.js';
import type { CentreRow } from './centres.presenter.js';

export async function findCentres(exec: Executor, options: { activeOnly?: boolean } = {}) {
  const query = exec.select().from(centres);
  return options.activeOnly
    ? query.where(eq(centres.active, true)).orderBy(asc(centres.name))
    : query.orderBy(asc(centres.name));
}

export async function findCentre(exec: Executor, id: string): Promise<CentreRow | undefined> {
  const [row] = await exec.select().from(centres).where(eq(centres.id, id));
  return row;
}
