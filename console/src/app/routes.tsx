import type { RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/components/LoginPage';
import { AuthRoot } from './AuthRoot';
import { NotFound } from './NotFound';
import { PageRouteError, RouteError } from './RouteError';
import { RouteLoading } from './RouteLoading';

/**
 * Every route of the console; `/report` is public and sits outside the session. The report form
 * and the operator screens load as separate chunks, so a member of the public on a slow phone
 * never downloads the live-queue code (Socket.IO included).
 */
export const routes: RouteObject[] = [
  {
    path: '/report',
    HydrateFallback: RouteLoading,
    ErrorBoundary: PageRouteError,
    lazy: async () => ({
      Component: (await import('../features/report/components/ReportPage')).ReportPage,
    }),
  },
  {
    path: '/status',
    HydrateFallback: RouteLoading,
    ErrorBoundary: PageRouteError,
    lazy: async () => ({
      Component: (await import('../features/status/components/StatusPage')).StatusPage,
    }),
  },
  {
    Component: AuthRoot,
    HydrateFallback: RouteLoading,
    ErrorBoundary: PageRouteError,
    children: [
      { path: '/login', Component: LoginPage },
      {
        path: '/',
        lazy: async () => ({ Component: (await import('./ConsoleLayout')).ConsoleLayout }),
        children: [
          {
            // A screen that fails keeps the shell and its navigation around the error.
            ErrorBoundary: RouteError,
            children: [
              {
                index: true,
                lazy: async () => ({
                  Component: (await import('../features/queue/components/QueuePage')).QueuePage,
                }),
              },
              {
                path: 'cases/search',
                lazy: async () => ({
                  Component: (await import('../features/cases/components/SearchPage')).SearchPage,
                }),
              },
              {
                path: 'dev/phone',
                lazy: async () => ({
                  Component: (await import('../features/phone-sim/components/PhoneSimPage'))
                    .PhoneSimPage,
                }),
              },
              {
                path: 'admin/users',
                lazy: async () => ({
                  Component: (await import('../features/admin/components/UsersPage')).UsersPage,
                }),
              },
              {
                path: 'directory',
                lazy: async () => ({
                  Component: (await import('../features/directory/components/DirectoryPage'))
                    .DirectoryPage,
                }),
              },
              {
                path: 'admin/centres',
                lazy: async () => ({
                  Component: (await import('../features/centres/components/CentresPage'))
                    .CentresPage,
                }),
              },
              {
                path: 'admin/orgs',
                lazy: async () => ({
                  Component: (await import('../features/orgs/components/OrgsPage')).OrgsPage,
                }),
              },
              {
                path: 'admin/settings',
                lazy: async () => ({
                  Component: (await import('../features/settings/components/DispatchSettingsPage'))
                    .DispatchSettingsPage,
                }),
              },
              {
                path: 'inbox',
                lazy: async () => ({
                  Component: (await import('../features/inbox/components/InboxPage')).InboxPage,
                }),
              },
              {
                path: 'inbox/:id',
                lazy: async () => ({
                  Component: (await import('../features/inbox/components/ReferralDetailPage'))
                    .ReferralDetailRoute,
                }),
              },
              {
                path: 'account/password',
                lazy: async () => ({
                  Component: (await import('../features/auth/components/ChangePasswordPage'))
                    .ChangePasswordPage,
                }),
              },
              {
                path: 'our-reports',
                lazy: async () => ({
                  Component: (await import('../features/org-reports/components/OrgReportsPage'))
                    .OrgReportsPage,
                }),
              },
              {
                path: 'board',
                lazy: async () => ({
                  Component: (await import('../features/board/components/BoardPage')).BoardPage,
                }),
              },
              {
                path: 'stats',
                lazy: async () => ({
                  Component: (await import('../features/stats/components/StatsPage')).StatsPage,
                }),
              },
              {
                path: 'audit',
                lazy: async () => ({
                  Component: (await import('../features/audit/components/AuditPage')).AuditPage,
                }),
              },
              {
                path: 'admin/replies',
                lazy: async () => ({
                  Component: (await import('../features/replies/components/CannedRepliesPage'))
                    .CannedRepliesPage,
                }),
              },
              {
                path: 'admin/directory',
                lazy: async () => ({
                  Component: (await import('../features/directory/components/DirectoryAdminPage'))
                    .DirectoryAdminPage,
                }),
              },
              {
                path: 'children',
                lazy: async () => ({
                  Component: (await import('../features/children/components/screens')).ChildrenPage,
                }),
              },
              {
                path: 'children/new',
                lazy: async () => ({
                  Component: (await import('../features/children/components/screens'))
                    .RegisterChildPage,
                }),
              },
              {
                path: 'children/:id',
                lazy: async () => ({
                  Component: (await import('../features/children/components/screens'))
                    .ChildFileRoute,
                }),
              },
              {
                path: 'children/:id/visit',
                lazy: async () => ({
                  Component: (await import('../features/children/components/screens')).VisitRoute,
                }),
              },
              {
                path: 'sweeps',
                lazy: async () => ({
                  Component: (await import('../features/sweeps/components/screens')).SweepsPage,
                }),
              },
              {
                path: 'sweeps/:id',
                lazy: async () => ({
                  Component: (await import('../features/sweeps/components/screens')).SweepRoute,
                }),
              },
              {
                path: 'warnings',
                lazy: async () => ({
                  Component: (await import('../features/warnings/components/WarningsPage'))
                    .WarningsPage,
                }),
              },
              {
                path: 'cases/:id',
                lazy: async () => ({
                  Component: (await import('../features/cases/components/CasePage')).CaseRoute,
                }),
              },
            ],
          },
        ],
      },
    ],
  },
  { path: '*', Component: NotFound },
];
