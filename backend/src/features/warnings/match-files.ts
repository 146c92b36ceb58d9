import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Context } from '../../context.js';
import { children } from '../../db/schema.js';
import { openText } from '../privacy/case-content.js';
import { childNameHash } from '../children/child-content.js';

type ChildRow = typeof children.$inferSelect;

/** Who a report or an assessment is about: the children it names, where, and as of when. */
export interface MatchQuery {
  /** The report's region, or the case's as the assessment places it. */
  regionCode: string | null;
  children: readonly { name?: string | null | undefined; age?: number | null | undefined }[];
  /** The day the ages given were true (a report's arrival; an assessment's save). */
  at: Date;
}

/**
 * The open files a report or an assessment is about (the one matcher of triage and the
 * assessment): a file whose whole name has the same keyed hash as a child named (as the register
 * searches names, nothing decrypted), whose village is the region or lies under it, and whose age
 * agrees within a year when one is given; a child given no age matches only at the village itself.
 */
export async function matchFiles(ctx: Context, query: MatchQuery): Promise<ChildRow[]> {
  return (await matchFilesMany(ctx, [query]))[0]!;
}

/**
 * matchFiles for many queries (a triage batch's reports) with one read of the candidate files:
 * answers each query's files, in the queries' order.
 */
export async function matchFilesMany(
  ctx: Context,
  queries: readonly MatchQuery[],
): Promise<ChildRow[][]> {
  const wanted = queries.map((query) => ({
    query,
    named: query.regionCode
      ? query.children
          .filter((c): c is typeof c & { name: string } => Boolean(c.name))
          .map((c) => ({ hash: childNameHash(ctx.config.dataKey, c.name), age: c.age }))
      : [],
  }));
  const asking = wanted.filter((w) => w.named.length > 0);
  if (asking.length === 0) return queries.map(() => []);
  const candidates = await ctx.db
    .select()
    .from(children)
    .where(
      and(
        inArray(children.nameHash, [...new Set(asking.flatMap((w) => w.named.map((n) => n.hash)))]),
        eq(children.status, 'open'),
        sql`${children.regionPath} && ${sql.param([...new Set(asking.map((w) => w.query.regionCode!))])}::text[]`,
      ),
    );
  return wanted.map(({ query: { regionCode, at }, named }) =>
    named.length === 0
      ? []
      : candidates.filter(
          (child) =>
            child.regionPath.includes(regionCode!) &&
            named.some((n) => {
              if (n.hash !== child.nameHash) return false;
              if (typeof n.age !== 'number') return child.regionCode === regionCode;
              const age = currentAge(child, at);
              return age === null || Math.abs(age - n.age) <= 1;
            }),
        ),
  );
}

/** Whole years now, from a date of birth or the age given at registration carried forward. */
function currentAge(child: ChildRow, now: Date): number | null {
  const dob = openText(child.dateOfBirth);
  if (dob) {
    const born = new Date(`${dob}T00:00:00+08:00`);
    let age = now.getUTCFullYear() - born.getUTCFullYear();
    const birthday = new Date(born);
    birthday.setUTCFullYear(born.getUTCFullYear() + age);
    if (birthday > now) age -= 1;
    return age;
  }
  if (child.ageAtRegistration === null) return null;
  return (
    child.ageAtRegistration +
    Math.floor((now.getTime() - child.createdAt.getTime()) / (365.25 * 86_400_000))
  );
}
