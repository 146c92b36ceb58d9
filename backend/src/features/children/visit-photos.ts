import { asc, eq } from 'drizzle-orm';
import { AppError, type TVisitPhoto, type TVisitPhotoUpload } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { visitPhotos } from '../../db/schema.js';
import { encryptBytes } from '../../lib/crypto.js';
import { hasSignatureOf } from '../cases/file-signatures.js';

/** A visit's photo decoded and checked, ready to be sealed and stored. */
export interface CheckedPhoto {
  contentType: TVisitPhotoUpload['contentType'];
  data: Buffer;
}

/**
 * The visit's photos decoded, each checked by its bytes (a JPEG begins as JPEGs do): a renamed
 * file of another kind is `400 VALIDATION_FAILED` naming `photos.<n>.dataBase64`, before
 * anything is stored. The schema has already checked the type, the count and the size.
 */
export function checkVisitPhotos(photos: readonly TVisitPhotoUpload[] = []): CheckedPhoto[] {
  const problems: Record<string, string> = {};
  const checked = photos.map((photo, index) => {
    const data = Buffer.from(photo.dataBase64, 'base64');
    if (!hasSignatureOf(photo.contentType, data)) {
      problems[`photos.${index}.dataBase64`] = `The content is not ${photo.contentType}`;
    }
    return { contentType: photo.contentType, data };
  });
  if (Object.keys(problems).length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: problems,
    });
  }
  return checked;
}

/** Stores a visit's photos sealed under the data key, in the caller's (the visit's) transaction. */
export async function storeVisitPhotos(
  tx: Executor,
  dataKey: Buffer,
  visit: { id: string; childId: string },
  photos: readonly CheckedPhoto[],
): Promise<void> {
  if (photos.length === 0) return;
  await tx.insert(visitPhotos).values(
    photos.map((photo, position) => ({
      visitId: visit.id,
      childId: visit.childId,
      position,
      contentType: photo.contentType,
      size: photo.data.length,
      data: encryptBytes(dataKey, photo.data),
    })),
  );
}

/** A child's (or one visit's) photos as the file lists them (no bytes), by visit, in order. */
export async function findVisitPhotos(
  exec: Executor,
  of: { childId: string } | { visitId: string },
): Promise<Map<string, TVisitPhoto[]>> {
  const rows = await exec
    .select({
      id: visitPhotos.id,
      visitId: visitPhotos.visitId,
      contentType: visitPhotos.contentType,
      size: visitPhotos.size,
    })
    .from(visitPhotos)
    .where(
      'childId' in of ? eq(visitPhotos.childId, of.childId) : eq(visitPhotos.visitId, of.visitId),
    )
    .orderBy(asc(visitPhotos.visitId), asc(visitPhotos.position));
  const byVisit = new Map<string, TVisitPhoto[]>();
  for (const { visitId, ...photo } of rows) {
    const list = byVisit.get(visitId) ?? [];
    list.push(photo);
    byVisit.set(visitId, list);
  }
  return byVisit;
}
