import type { Response } from 'express';

/**
 * Sends a stored file as a download, never rendered inline: an uploaded HTML file must not run
 * as ours.
 */
export function sendDownload(
  res: Response,
  file: { filename: string; contentType: string; data: Buffer },
): void {
  res.attachment(file.filename);
  res.type(file.contentType).send(file.data);
}
