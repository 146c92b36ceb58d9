import { AppError, CASE_ATTACHMENT_TYPES, type CaseAttachmentType } from '@hutong/shared';

const ascii = (text: string) => Buffer.from(text, 'latin1');

function startsWith(data: Buffer, prefix: Buffer | readonly number[], offset = 0): boolean {
  const bytes = Buffer.isBuffer(prefix) ? prefix : Buffer.from(prefix);
  return (
    data.length >= offset + bytes.length &&
    data.subarray(offset, offset + bytes.length).equals(bytes)
  );
}

/** RIFF containers (WebP, WAV) name their form at bytes 8–11. */
function riff(data: Buffer, form: string): boolean {
  return startsWith(data, ascii('RIFF')) && startsWith(data, ascii(form), 8);
}

/** ISO base media files (HEIC, M4A) open with an `ftyp` box whose major brand is at 8–11. */
function ftypBrand(data: Buffer): string | null {
  return startsWith(data, ascii('ftyp'), 4) && data.length >= 12
    ? data.toString('latin1', 8, 12)
    : null;
}
// HEIF brands (ISO/IEC 23008-12): still images and image sequences, HEVC-coded or generic.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

function isMp4Audio(data: Buffer): boolean {
  const brand = ftypBrand(data);
  return brand !== null && !HEIF_BRANDS.has(brand);
}
function isWav(data: Buffer): boolean {
  return riff(data, 'WAVE');
}

/**
 * The leading bytes ("magic numbers") each allowed type must start with, so a file declared a
 * photo is one: a renamed executable or HTML page is refused before it is stored and later
 * downloaded by someone else.
 */
const SIGNATURES: Record<CaseAttachmentType, (data: Buffer) => boolean> = {
  'image/jpeg': (d) => startsWith(d, [0xff, 0xd8, 0xff]),
  'image/png': (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (d) => riff(d, 'WEBP'),
  'image/heic': (d) => HEIF_BRANDS.has(ftypBrand(d) ?? ''),
  'application/pdf': (d) => startsWith(d, ascii('%PDF-')),
  // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
  'audio/mpeg': (d) =>
    startsWith(d, ascii('ID3')) || (d[0] === 0xff && ((d[1] ?? 0) & 0xe0) === 0xe0),
  'audio/mp4': isMp4Audio,
  'audio/x-m4a': isMp4Audio,
  'audio/wav': isWav,
  'audio/x-wav': isWav,
};

/** Whether the bytes begin as a file of this type does (its magic number). */
export function hasSignatureOf(type: CaseAttachmentType, data: Buffer): boolean {
  return SIGNATURES[type](data);
}

/**
 * Checks a file before it is stored: its declared type is one `allowed` (415 naming
 * `contentType` otherwise) and its bytes begin as that type's do (415 naming `dataBase64`).
 * Answers the type in lower case, as stored.
 */
export function checkFileType(
  declared: string,
  data: Buffer,
  allowed: readonly CaseAttachmentType[] = CASE_ATTACHMENT_TYPES,
): CaseAttachmentType {
  const contentType = allowed.find((t) => t === declared.toLowerCase());
  if (!contentType) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: 'This kind of file cannot be attached',
      data: { contentType: `One of ${allowed.join(', ')}` },
    });
  }
  if (!hasSignatureOf(contentType, data)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: 'The file’s content does not match its type',
      data: { dataBase64: `The content is not ${contentType}` },
    });
  }
  return contentType;
}
