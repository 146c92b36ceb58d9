import { AppError, type Role } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { centreExists, orgExists } from './users.repository.js';

/**
 * Centre staff belong to exactly one centre and reporters to one organisation; other roles to
 * neither. Returns the binding to store, or refuses naming the field.
 */
export async function checkBinding(
  exec: Executor,
  role: Role,
  centreId: string | null,
  orgId: string | null,
): Promise<{ centreId: string | null; orgId: string | null }> {
  const invalid = (field: string, reason: string) =>
    new AppError('VALIDATION_FAILED', {
      message: 'The request has invalid fields',
      data: { [field]: reason },
    });
  if (role === 'centre_staff') {
    if (!centreId) throw invalid('centreId', 'Centre staff must belong to a centre');
    if (!(await centreExists(exec, centreId))) throw invalid('centreId', 'No such centre');
    return { centreId, orgId: null };
  }
  if (role === 'reporter') {
    if (!orgId) throw invalid('orgId', 'A reporter must belong to an organisation');
    if (!(await orgExists(exec, orgId))) throw invalid('orgId', 'No such organisation');
    return { centreId: null, orgId };
  }
  return { centreId: null, orgId: null };
}
