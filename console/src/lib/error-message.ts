import { AppError } from '@hutong/shared';
import type { TFunction } from 'i18next';
import { NetworkError } from './api-client';

/** A message for any failure, in the reader's language; the server's own text only as a fallback. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof NetworkError) return t('errors.network');
  if (!(error instanceof AppError)) return t('errors.internal');
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return t('errors.invalidCredentials');
    case 'UNAUTHENTICATED':
      return t('errors.unauthenticated');
    case 'FORBIDDEN':
      return t('errors.forbidden');
    case 'CASE_NOT_HELD':
      return t('errors.caseNotHeld');
    case 'CHILD_NOT_LINKED':
      return t('errors.childNotLinked');
    case 'ORG_INACTIVE':
      return t('errors.orgInactive');
    case 'NOT_FOUND':
      return t('errors.notFound');
    case 'RATE_LIMITED':
      return t('errors.rateLimited');
    case 'PAYLOAD_TOO_LARGE':
    case 'HEADERS_TOO_LARGE':
      return t('errors.payloadTooLarge');
    case 'SERVICE_UNAVAILABLE':
      return t('errors.unavailable');
    case 'INTERNAL':
      return t('errors.internal');
    case 'CROSS_ORIGIN_REFUSED':
      return t('errors.crossOrigin');
    case 'VALIDATION_FAILED':
    case 'INVALID_JSON':
    case 'INVALID_SIGNATURE':
    case 'CASE_ALREADY_CLAIMED':
    case 'CASE_VERSION_CONFLICT':
    case 'ILLEGAL_TRANSITION':
    case 'CONFLICT':
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'ACCOUNT_LOCKED':
    case 'PASSWORD_CHANGE_REQUIRED':
    case 'CHILD_ALREADY_REGISTERED':
      // These carry a specific, safe server message; callers that know better handle them first.
      return error.message;
  }
}
