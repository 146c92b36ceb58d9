import type { Role } from '@hutong/shared';
import { centres, users } from '../src/db/schema.js';
import { hashPassword } from '../src/features/auth/passwords.js';
import { DEMO_PASSWORD, type TestServer } from './server.js';

/** The demo seed's centres by what the tests need them for. */
export async function demoCentres(
  server: TestServer,
): Promise<{ cityId: string; conghuaId: string; policeId: string }> {
  const rows = await server.database.db.select().from(centres);
  return {
    // Guangzhou's rescue centre (the city police share its region code).
    cityId: rows.find((c) => c.regionCode === '440100' && c.kind !== 'police')!.id,
    // Conghua district's station.
    conghuaId: rows.find((c) => c.regionCode === '440117')!.id,
    policeId: rows.find((c) => c.kind === 'police')!.id,
  };
}

/** Adds an account with the demo password (no temporary password to replace) and signs it in. */
export async function addUser(
  server: TestServer,
  user: {
    username: string;
    displayName: string;
    role: Role;
    centreId?: string;
    orgId?: string;
  },
): Promise<string> {
  await server.database.db
    .insert(users)
    .values({ ...user, passwordHash: await hashPassword(DEMO_PASSWORD) });
  return server.login(user.username);
}
