import { AppError, CASE_STATUSES } from '@hutong/shared';
import type { Language, ReferralProblem } from '@hutong/shared';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../lib/error-message';
import { REFERRAL_PROBLEM_LABEL } from './labels';
import { formatLabel } from '../../lib/messages';
import { REFERRALS_MESSAGES } from './messages';

const PROBLEMS: readonly ReferralProblem[] = [
  'not_allowed',
  'same_status',
  'not_your_move',
  'reason_required',
  'outcome_required',
];

/**
 * A refusal of a referral command in the reader's language, from `error.data`: an illegal move
 * names its `problem`, a closed case its `status`, a bad field its path.
 */
export function referralErrorMessage(error: unknown, t: TFunction, language: Language): string {
  if (!(error instanceof AppError)) return errorMessage(error, t);
  const data = error.data ?? {};
  const msg = (key: keyof typeof REFERRALS_MESSAGES, values?: Record<string, string>) =>
    formatLabel(REFERRALS_MESSAGES[key], language, values);
  if (error.code === 'ILLEGAL_TRANSITION') {
    const problem = PROBLEMS.find((p) => p === data.problem);
    return problem ? REFERRAL_PROBLEM_LABEL[problem][language] : error.message;
  }
  const caseStatus = CASE_STATUSES.find((s) => s === data.status);
  if (error.code === 'CONFLICT' && caseStatus) {
    return msg('errors.caseNotOpen', { status: t(`status.${caseStatus}`) });
  }
  if (error.code === 'CONFLICT' && 'referralStatus' in data) return msg('messages.closed');
  if (error.code === 'VALIDATION_FAILED') {
    if ('body' in data) return msg('messages.bodyRequired');
    if ('centreId' in data) return msg('errors.centre');
    if ('replaces' in data) return msg('errors.replaces');
    if ('reason' in data) return msg('errors.reason');
  }
  if (error.code === 'FORBIDDEN' || error.code === 'CASE_NOT_HELD') return msg('errors.forbidden');
  return errorMessage(error, t);
}
