import type { RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/components/LoginPage';
import { AuthRoot } from './AuthRoot';
import { NotFound } from './NotFound';
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
    lazy: async () => ({
      Component: (await import('../features/report/components/ReportPage')).ReportPage,
    }),
  },
  {
    Component: AuthRoot,
    HydrateFallback: RouteLoading,
    children: [
      { path: '/login', Component: LoginPage },
      {
        path: '/',
        lazy: async () => ({ Component: (await import('./ConsoleLayout')).ConsoleLayout }),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('../features/queue/components/QueuePage')).QueuePage,
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
  { path: '*', Component: NotFound },
];
