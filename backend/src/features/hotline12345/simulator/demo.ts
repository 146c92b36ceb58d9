import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { OrgKind } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Database, Db } from '../../../db/client.js';
import { whenReachable, type WaitOptions } from '../../../db/wait-for-database.js';
import { orgApiKeys, regions, reporterOrgs } from '../../../db/schema.js';
import { newApiKey } from '../../orgs/api-keys.js';
import { Hotline12345Simulator } from './simulator.js';

/** The simulator's state file in HUTONG_DATA_DIR, for `npm run sim -- 12345 …`. */
export const STATE_FILE_NAME = '12345-simulator.json';
/** The label of the key the demo simulator uses; it is replaced at every start. */
const SIM_KEY_LABEL = '12345 simulator (demo)';

/**
 * The 12345 organisation and a fresh partner key for it (an earlier simulator key is revoked):
 * creates the organisation on first use, in the region tree's first province.
 */
export async function ensure12345Key(db: Db): Promise<{ orgId: string; key: string }> {
  return db.transaction(async (tx) => {
    let [org] = await tx
      .select({ id: reporterOrgs.id })
      .from(reporterOrgs)
      .where(eq(reporterOrgs.kind, OrgKind.service_line_12345))
      .limit(1);
    if (!org) {
      // The top of the region tree (the province): the line serves all of it.
      const [region] = await tx
        .select({ code: regions.code })
        .from(regions)
        .orderBy(sql`length(${regions.code})`, regions.code)
        .limit(1);
      [org] = await tx
        .insert(reporterOrgs)
        .values({
          name: '12345政务服务便民热线',
          kind: OrgKind.service_line_12345,
          regionCode: region!.code,
        })
        .returning({ id: reporterOrgs.id });
    }
    await tx
      .update(orgApiKeys)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(orgApiKeys.orgId, org!.id),
          eq(orgApiKeys.label, SIM_KEY_LABEL),
          isNull(orgApiKeys.revokedAt),
        ),
      );
    const { key, keyHash, prefix } = newApiKey();
    await tx.insert(orgApiKeys).values({ orgId: org!.id, label: SIM_KEY_LABEL, prefix, keyHash });
    return { orgId: org!.id, key };
  });
}

/**
 * Demo mode with no HUTONG_12345_URL: starts the 12345 simulator in this process with a key of
 * the 12345 organisation, points Hutong's steps at it, and announces it in the data directory.
 * Its key is written as part of the start, so it waits out a database outage as the start does
 * (found by `npm run chaos`: a demo process that went silent with PostgreSQL here exited).
 */
export async function startDemo12345(
  ctx: Context,
  hutongUrl: string,
  database: Pick<Database, 'kind'>,
  wait: WaitOptions = {},
): Promise<Hotline12345Simulator & { stop(): Promise<void> }> {
  const { key } = await whenReachable(
    database,
    ctx.log,
    '12345 simulator key',
    () => ensure12345Key(ctx.db),
    wait,
  );
  const sim = await Hotline12345Simulator.start({
    hutongUrl,
    apiKey: key,
    secret: ctx.config.hotline12345.secret,
  });
  ctx.config.hotline12345.url = sim.feedbackUrl;
  const file = join(ctx.config.dataDir, STATE_FILE_NAME);
  mkdirSync(ctx.config.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ url: sim.url, pid: process.pid }, null, 2));
  const stop = sim.stop.bind(sim);
  return Object.assign(sim, {
    async stop() {
      rmSync(file, { force: true });
      await stop();
    },
  });
}
