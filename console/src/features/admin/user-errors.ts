import { AppError } from '@hutong/shared';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../lib/error-message';

/** Field → message for the account form, from a refusal the server gave. */
export type UserFieldErrors = Partial<
  Record<'username' | 'displayName' | 'centreId' | 'orgId' | 'regionCode', string>
>;

/**
 * Turns a refusal of an account change into a form-level message and messages per field:
 * a taken username, a missing centre or organisation, or changing one's own account (409).
 */
export function userErrors(
  error: unknown,
  t: TFunction,
): { message: string; fields: UserFieldErrors } {
  if (!(error instanceof AppError)) return { message: errorMessage(error, t), fields: {} };
  const data = error.data ?? {};
  if (error.code === 'CONFLICT') {
    if ('username' in data) {
      const message = t('admin.errors.usernameTaken');
      return { message, fields: { username: message } };
    }
    return { message: t('admin.errors.self'), fields: {} };
  }
  if (error.code === 'VALIDATION_FAILED') {
    const fields: UserFieldErrors = {};
    if ('username' in data) fields.username = t('admin.errors.usernameInvalid');
    if ('displayName' in data) fields.displayName = t('admin.errors.displayName');
    if ('centreId' in data) fields.centreId = t('admin.errors.needCentre');
    if ('orgId' in data) fields.orgId = t('admin.errors.needOrg');
    if ('regionCode' in data) fields.regionCode = t('admin.errors.needRegion');
    const first = Object.values(fields)[0];
    return { message: first ?? error.message, fields };
  }
  return { message: errorMessage(error, t), fields: {} };
}
