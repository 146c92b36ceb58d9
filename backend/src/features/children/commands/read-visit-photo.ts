import { and, eq } from 'drizzle-orm';
import { AppError, type TReadChildQuery, type VisitPhotoType } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { visitPhotos } from '../../../db/schema.js';
import { decryptBytes } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { fileReadAccess } from './read-children.js';

/**
 * `GET /api/children/:id/visits/:visitId/photos/:photoId`: a visit's photo, decrypted, for whoever
 * may read the child's file (`fileReadAccess`: the same rule and scope). A photo of another visit
 * or child is 404. Audited as `child.photo_read` with ids only (repeated reads folded).
 */
export async function readVisitPhoto(
  ctx: Context,
  actor: Actor,
  ids: { childId: string; visitId: string; photoId: string },
  query: TReadChildQuery = {},
): Promise<{ contentType: VisitPhotoType; data: Buffer }> {
  const { viaCase } = await fileReadAccess(ctx, actor, ids.childId, query.caseId);
  const [photo] = await ctx.db
    .select({ contentType: visitPhotos.contentType, data: visitPhotos.data })
    .from(visitPhotos)
    .where(
      and(
        eq(visitPhotos.id, ids.photoId),
        eq(visitPhotos.visitId, ids.visitId),
        eq(visitPhotos.childId, ids.childId),
      ),
    );
  if (!photo) throw new AppError('NOT_FOUND', { message: 'No such photo on this visit' });
  const data = decryptBytes([ctx.config.dataKey, ...ctx.config.previousDataKeys], photo.data);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'child.photo_read',
    entityType: 'visit_photo',
    entityId: ids.photoId,
    caseId: viaCase,
    data: { childId: ids.childId, visitId: ids.visitId },
  });
  return { contentType: photo.contentType, data };
}
