import { base64Bytes, VISIT_PHOTO_MAX_BYTES, type TVisitPhotoUpload } from '@hutong/shared';

/** The longest side of a photo as it is queued and sent, in CSS pixels of the image. */
export const PHOTO_LONGEST_SIDE = 1600;
/** The JPEG quality a photo is saved at once scaled (small enough to queue four on a phone). */
export const PHOTO_QUALITY = 0.8;

/** Why a picture was not added to the visit. */
export class PhotoError extends Error {
  constructor(readonly reason: 'unreadable' | 'too_large') {
    super(reason === 'unreadable' ? 'The picture could not be read' : 'The picture is too large');
    this.name = 'PhotoError';
  }
}

/**
 * Turns a picture the user chose into a photo ready to queue with the visit. The form takes it
 * as a parameter: jsdom cannot decode images, so its tests pass their own.
 */
export type PreparePhoto = (file: File) => Promise<TVisitPhotoUpload>;

/** A blob's bytes as base64 (FileReader: no string of the whole image built by hand). */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new PhotoError('unreadable'));
    reader.readAsDataURL(blob);
  });
}

/**
 * Scales a picture down on the device before it is queued: drawn on a canvas with its longest
 * side at most `PHOTO_LONGEST_SIDE` and saved as a JPEG at `PHOTO_QUALITY` — a 12-megapixel
 * photo of 4 MB becomes a few hundred KB, and whatever orientation or format the camera wrote
 * (EXIF rotation, HEIC where the browser reads it) is gone, with the EXIF and its location.
 */
export const scalePhoto: PreparePhoto = async (file) => {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PhotoError('unreadable');
  }
  try {
    const scale = Math.min(1, PHOTO_LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new PhotoError('unreadable');
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const jpeg = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY),
    );
    if (!jpeg) throw new PhotoError('unreadable');
    return { contentType: 'image/jpeg', dataBase64: await base64Of(jpeg) };
  } finally {
    bitmap.close();
  }
};

/** The photo, or PhotoError `too_large` when even scaled it is over the server's limit. */
export function withinLimit(photo: TVisitPhotoUpload): TVisitPhotoUpload {
  if (base64Bytes(photo.dataBase64) > VISIT_PHOTO_MAX_BYTES) throw new PhotoError('too_large');
  return photo;
}

/** A photo as an image source for its thumbnail (data stays in the page, nothing fetched). */
export const photoSource = (photo: TVisitPhotoUpload): string =>
  `data:${photo.contentType};base64,${photo.dataBase64}`;
