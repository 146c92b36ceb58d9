import { describe, expect, it } from 'vitest';
import { AppError, CASE_ATTACHMENT_TYPES, OUTCOME_ATTACHMENT_TYPES } from '@hutong/shared';
import {
  HTML_PAGE,
  WINDOWS_EXE,
  isoMediaFile,
  jpegFile,
  mp3Files,
  pdfFile,
  pngFile,
  wavFile,
  webpFile,
} from '../../../test/files.js';
import { checkFileType } from './file-signatures.js';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checkFileType', () => {
  const real: [string, Buffer][] = [
    ['image/jpeg', jpegFile()],
    ['image/png', pngFile()],
    ['image/webp', webpFile()],
    ['image/heic', isoMediaFile('heic')],
    ['image/heic', isoMediaFile('mif1')],
    ['application/pdf', pdfFile()],
    ['audio/mpeg', mp3Files()[0]!],
    ['audio/mpeg', mp3Files()[1]!],
    ['audio/mp4', isoMediaFile('M4A')],
    ['audio/x-m4a', isoMediaFile('M4A')],
    ['audio/wav', wavFile()],
    ['audio/x-wav', wavFile()],
  ];

  it('takes every allowed type whose bytes are what it says, whatever the case of the type', () => {
    for (const [type, data] of real) {
      expect(checkFileType(type, data), type).toBe(type);
      expect(checkFileType(type.toUpperCase(), data)).toBe(type);
    }
    expect(new Set(real.map(([type]) => type))).toEqual(new Set(CASE_ATTACHMENT_TYPES));
  });

  it('refuses a type that is not allowed with 415 naming contentType', () => {
    for (const type of [
      'text/html',
      'application/x-msdownload',
      'image/svg+xml',
      'application/zip',
    ]) {
      const error = refusal(() => checkFileType(type, HTML_PAGE));
      expect(error.status).toBe(415);
      expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(error.data).toHaveProperty('contentType');
    }
  });

  it('refuses content that is not the declared type with 415 naming dataBase64', () => {
    const mismatches: [string, Buffer][] = [
      ['image/png', HTML_PAGE],
      ['application/pdf', WINDOWS_EXE],
      ['image/jpeg', pngFile()],
      ['image/jpeg', pdfFile()],
      ['image/webp', wavFile()],
      ['audio/wav', webpFile()],
      ['image/heic', isoMediaFile('M4A')],
      ['audio/mp4', isoMediaFile('heic')],
      ['audio/mpeg', HTML_PAGE],
      ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ];
    for (const [type, data] of mismatches) {
      const error = refusal(() => checkFileType(type, data));
      expect(error.status, type).toBe(415);
      expect(error.data, type).toHaveProperty('dataBase64');
    }
  });

  it('keeps a centre’s outcome to photos and PDFs', () => {
    expect(checkFileType('application/pdf', pdfFile(), OUTCOME_ATTACHMENT_TYPES)).toBe(
      'application/pdf',
    );
    expect(
      refusal(() => checkFileType('audio/wav', wavFile(), OUTCOME_ATTACHMENT_TYPES)).data,
    ).toHaveProperty('contentType');
  });
});
