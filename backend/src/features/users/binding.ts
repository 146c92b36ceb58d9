import { eq } from 'drizzle-orm';
import { AppError, REGION_BOUND_ROLES, isRegionBound, type Role } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { regions } from '../../db/schema.js';
import { centreExists, orgExists } from './users.repository.js';

/** What an account is bound to: a centre, a reporter organisation or a region, by role. */
export interface Binding {
  centreId: string | null;
  orgId: string | null;
  regionCode: string | null;
}

/**
 * Centre staff belong to exactly one centre, reporters to one organisation, and directors,
 * township supervisors and analysts to a region of the level their work covers; other roles to
 * none. Returns the binding to store, or refuses naming the field.
 */
export async function checkBinding(exec: Executor, role: Role, wanted: Binding): Promise<Binding> {
  const invalid = (field: string, reason: string) =>
    new AppError('VALIDATION_FAILED', {
      message: 'The request has invalid fields',
      data: { [field]: reason },
    });
  const none: Binding = { centreId: null, orgId: null, regionCode: null };
  if (role === 'centre_staff') {
    const { centreId } = wanted;
    if (!centreId) throw invalid('centreId', 'Centre staff must belong to a centre');
    if (!(await centreExists(exec, centreId))) throw invalid('centreId', 'No such centre');
    return { ...none, centreId };
  }
  if (role === 'reporter') {
    const { orgId } = wanted;
    if (!orgId) throw invalid('orgId', 'A reporter must belong to an organisation');
    if (!(await orgExists(exec, orgId))) throw invalid('orgId', 'No such organisation');
    return { ...none, orgId };
  }
  if (isRegionBound(role)) {
    const { regionCode } = wanted;
    if (!regionCode) throw invalid('regionCode', 'This role works for a region: choose one');
    const [region] = await exec
      .select({ level: regions.level })
      .from(regions)
      .where(eq(regions.code, regionCode));
    if (!region) throw invalid('regionCode', 'No such region');
    const levels: readonly string[] = REGION_BOUND_ROLES[role];
    if (!levels.includes(region.level)) {
      throw invalid('regionCode', `This role works for a region of level ${levels.join(' or ')}`);
    }
    return { ...none, regionCode };
  }
  return none;
}
