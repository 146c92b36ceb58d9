import { eq } from 'drizzle-orm';
import { AppError, type TCreateChildParsed } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { childChanges, childGuardians, children } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import {
  childIdentityHash,
  childNameHash,
  sealChildPhone,
  sealGuardian,
  sealText,
} from '../child-content.js';
import { assertMayManage, assertVillage } from '../children.policy.js';
import { recomputeRisk } from '../children.repository.js';

/** 409 naming the file the same child already has. */
export async function alreadyRegistered(ctx: Context, identityHash: string): Promise<AppError> {
  const [existing] = await ctx.db
    .select({ id: children.id })
    .from(children)
    .where(eq(children.identityHash, identityHash));
  return new AppError('CHILD_ALREADY_REGISTERED', {
    message: 'This child (same name, birth date and village) is already on the register',
    data: existing ? { childId: existing.id } : {},
  });
}

/** Known region first (400), then the user's own region (403), then a village (400). */
export function checkVillage(ctx: Context, actor: Actor, regionCode: string): string[] {
  if (!ctx.regions.has(regionCode)) assertVillage(ctx, regionCode);
  assertMayManage(ctx, actor, regionCode);
  return assertVillage(ctx, regionCode);
}

/**
 * Writes a new file in the caller's transaction: identifying fields encrypted, the keyed hashes,
 * guardians, risk and the first visit's due date, the file's first timeline entry and its audit
 * row (an import writes one for the whole file instead). The register command and the import
 * both register through here.
 */
export async function insertChildFile(
  tx: Tx,
  ctx: Pick<Context, 'config'>,
  actorId: string | null,
  input: TCreateChildParsed,
  at: { regionPath: string[]; identityHash: string; imported?: boolean },
): Promise<{ id: string }> {
  const key = ctx.config.dataKey;
  const [row] = await tx
    .insert(children)
    .values({
      identityHash: at.identityHash,
      nameHash: childNameHash(key, input.name),
      name: sealText(key, input.name)!,
      sex: input.sex,
      dateOfBirth: sealText(key, input.dateOfBirth),
      ageAtRegistration: input.dateOfBirth ? null : (input.age ?? null),
      regionCode: input.regionCode,
      regionPath: at.regionPath,
      categories: input.categories,
      ...sealChildPhone(key, input.phone),
      school: sealText(key, input.school),
      health: sealText(key, input.health),
      notes: sealText(key, input.notes),
      // Placeholders: recomputeRisk below sets them from the rules in the same transaction.
      riskLevel: 'low',
      ruleRiskLevel: 'low',
      riskReasons: [],
      createdBy: actorId,
    })
    .returning({ id: children.id });
  const id = row!.id;
  if (input.guardians.length > 0) {
    await tx.insert(childGuardians).values(
      input.guardians.map((g, position) => ({
        ...sealGuardian(key, g),
        childId: id,
        position,
      })),
    );
  }
  const child = await recomputeRisk(tx, id, ctx.config.timeScale);
  const imported = at.imported ? { imported: true } : {};
  await tx.insert(childChanges).values({
    childId: id,
    actorId,
    action: 'registered',
    fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined),
    details: {
      regionCode: input.regionCode,
      categories: input.categories,
      riskLevel: child.riskLevel,
      ...imported,
    },
  });
  // An import audits itself once, last (the audit chain's lock is held to the commit).
  if (!at.imported) {
    await writeAudit(tx, {
      actorId,
      action: 'child.registered',
      entityType: 'child',
      entityId: id,
      data: { regionCode: input.regionCode, categories: input.categories },
    });
  }
  return { id };
}

/**
 * `POST /api/children`: registers a child in a village of the user's region. Identifying fields
 * are encrypted; the same child (name, birth date or age, village) twice is 409
 * CHILD_ALREADY_REGISTERED naming the existing file. Risk and the first visit's due date are
 * computed at once; the registration is the first entry of the file's timeline and audited.
 */
export async function registerChild(
  ctx: Context,
  actor: Actor,
  input: TCreateChildParsed,
): Promise<{ id: string }> {
  const regionPath = checkVillage(ctx, actor, input.regionCode);
  const identityHash = childIdentityHash(ctx.config.dataKey, input);
  try {
    return await ctx.db.transaction((tx) =>
      insertChildFile(tx, ctx, actor.id, input, { regionPath, identityHash }),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw await alreadyRegistered(ctx, identityHash);
    throw err;
  }
}
