import type { TFunction } from 'i18next';
import { can } from '@hutong/shared';
import type { Permission, Role } from '@hutong/shared';
import { BOARD_MESSAGES } from '../features/board/messages';
import { CHILDREN_MESSAGES } from '../features/children/messages';
import { DIRECTORY_ADMIN_MESSAGES, DIRECTORY_MESSAGES } from '../features/directory/messages';
import { ORG_REPORTS_MESSAGES } from '../features/org-reports/messages';
import { ORGS_MESSAGES } from '../features/orgs/messages';
import { REPLIES_MESSAGES } from '../features/replies/messages';
import { SETTINGS_MESSAGES } from '../features/settings/messages';
import { STATS_MESSAGES } from '../features/stats/messages';
import { WARNINGS_MESSAGES } from '../features/warnings/messages';
import { SWEEPS_MESSAGES } from '../features/sweeps/messages';
import type { Label } from '../lib/messages';
import { SHELL_MESSAGES } from './messages';

/** One entry of the console's main navigation. */
export interface NavEntry {
  /** Where it goes; also its key. */
  to: string;
  /** Its text: a feature's own label, or a key of the typed i18n resource. */
  label: Label | ((t: TFunction) => string);
  /** Who sees it: a permission from the shared table (the server checks it again). */
  permission: Permission;
  /** Shown only when the backend runs the demo phone simulator. */
  simulatorOnly?: boolean;
}

/**
 * The main navigation, in order. A feature with a screen of its own adds one line here; the
 * shell draws it in the header on wide screens and in the menu drawer on narrow ones.
 */
const NAV: readonly NavEntry[] = [
  { to: '/', label: (t) => t('app.queueLink'), permission: 'realtime.operators' },
  { to: '/cases/search', label: SHELL_MESSAGES['nav.search'], permission: 'cases.list' },
  { to: '/inbox', label: (t) => t('inbox.navLink'), permission: 'realtime.centre' },
  { to: '/board', label: BOARD_MESSAGES.navLink, permission: 'board.read' },
  { to: '/directory', label: DIRECTORY_MESSAGES.navLink, permission: 'directory.read' },
  { to: '/our-reports', label: ORG_REPORTS_MESSAGES.navLink, permission: 'org.reports.read' },
  { to: '/admin/users', label: (t) => t('admin.navLink'), permission: 'users.manage' },
  { to: '/admin/centres', label: (t) => t('centres.navLink'), permission: 'users.manage' },
  { to: '/admin/orgs', label: ORGS_MESSAGES.navLink, permission: 'orgs.manage' },
  { to: '/admin/settings', label: SETTINGS_MESSAGES.navLink, permission: 'settings.manage' },
  { to: '/audit', label: (t) => t('audit.navLink'), permission: 'audit.read' },
  { to: '/stats', label: STATS_MESSAGES.navLink, permission: 'stats.read' },
  { to: '/children', label: CHILDREN_MESSAGES.navLink, permission: 'children.read' },
  { to: '/warnings', label: WARNINGS_MESSAGES.navLink, permission: 'warnings.read' },
  { to: '/sweeps', label: SWEEPS_MESSAGES.navLink, permission: 'sweeps.read' },
  {
    to: '/dev/phone',
    label: (t) => t('phoneSim.navLink'),
    permission: 'sim.use',
    simulatorOnly: true,
  },
  { to: '/admin/replies', label: REPLIES_MESSAGES.navLink, permission: 'settings.manage' },
  {
    to: '/admin/directory',
    label: DIRECTORY_ADMIN_MESSAGES.navLink,
    permission: 'directory.manage',
  },
];

/** The entries `role` may see. */
export function navFor(role: Role, simulator: boolean): NavEntry[] {
  return NAV.filter((e) => can(role, e.permission) && (!e.simulatorOnly || simulator));
}
