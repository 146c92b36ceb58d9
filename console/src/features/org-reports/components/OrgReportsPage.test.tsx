import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, TOrgReportList } from '@hutong/shared';
import { errorReply, startLocalServer, type Reply } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { FakeSocket } from '../../../test/fake-socket';
import { OrgReportsPage } from './OrgReportsPage';

const LIST: TOrgReportList = {
  org: { id: '00000000-0000-4000-8000-00000000a001', name: '天河区五山小学' },
  reports: [
    {
      id: '00000000-0000-4000-8000-00000000a002',
      reference: 'HT-NEW1-AAAA',
      stage: 'received',
      outcome: null,
      receivedAt: '2030-01-02T08:00:00.000Z',
      updatedAt: '2030-01-02T08:00:00.000Z',
      submittedBy: '刘老师',
    },
    {
      id: '00000000-0000-4000-8000-00000000a003',
      reference: 'HT-OLD1-BBBB',
      stage: 'resolved',
      outcome: 'help_provided',
      receivedAt: '2030-01-01T08:00:00.000Z',
      updatedAt: '2030-01-01T18:00:00.000Z',
      submittedBy: null,
    },
  ],
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderPage(answer: () => Reply, language: Language = 'en') {
  server = await startLocalServer((request) =>
    request.url === '/api/org/reports' ? answer() : errorReply('NOT_FOUND', 404, 'Not found'),
  );
  renderWithProviders(
    <AuthProvider>
      <OrgReportsPage />
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
}

describe('OrgReportsPage', () => {
  it('updates a report’s row in place from a live org.report.updated, without rereading', async () => {
    let answers = 0;
    const socket = new FakeSocket();
    server = await startLocalServer((request) => {
      if (request.url !== '/api/org/reports') return errorReply('NOT_FOUND', 404, 'Not found');
      answers += 1;
      return { status: 200, json: LIST };
    });
    renderWithProviders(
      <AuthProvider>
        <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
          <OrgReportsPage />
        </SocketProvider>
      </AuthProvider>,
      { baseUrl: server.baseUrl, language: 'en' },
    );
    const row = await screen.findByRole('row', { name: /HT-NEW1-AAAA/ });
    expect(within(row).getByText('Received')).toBeTruthy();
    socket.acceptConnection();

    const first = LIST.reports[0]!;
    act(() =>
      socket.emit('org.report.updated', {
        ...first,
        stage: 'closed',
        outcome: 'no_further_action',
        updatedAt: '2030-01-02T09:00:00.000Z',
      }),
    );
    const moved = await screen.findByRole('row', { name: /HT-NEW1-AAAA.*Closed/ });
    expect(within(moved).getByText(/no further action/i)).toBeTruthy();
    // An older row arriving late changes nothing.
    act(() => {
      socket.emit('org.report.updated', { ...first, updatedAt: '2030-01-02T08:30:00.000Z' });
    });
    expect(screen.getByRole('row', { name: /HT-NEW1-AAAA.*Closed/ })).toBeTruthy();
    // A report a colleague just filed appears, in the list's order (newest first).
    act(() => {
      socket.emit('org.report.updated', {
        ...first,
        id: '00000000-0000-4000-8000-00000000a009',
        reference: 'HT-ELSE-CCCC',
        stage: 'received',
        outcome: null,
        receivedAt: '2030-01-03T08:00:00.000Z',
        updatedAt: '2030-01-03T08:00:00.000Z',
        submittedBy: '王老师',
      });
    });
    const added = await screen.findByRole('row', { name: /HT-ELSE-CCCC/ });
    expect(within(added).getByText('王老师')).toBeTruthy();
    const order = screen
      .getAllByRole('row')
      .map((r) => /HT-[A-Z0-9]{4}-[A-Z]{4}/.exec(r.textContent ?? '')?.[0])
      .filter(Boolean);
    expect(order).toEqual(['HT-ELSE-CCCC', 'HT-NEW1-AAAA', 'HT-OLD1-BBBB']);
    expect(
      within(screen.getByRole('row', { name: /HT-OLD1-BBBB/ })).getByText('Dealt with'),
    ).toBeTruthy();
    expect(answers).toBe(1);
  });

  it('shows a report’s new stage without a reload when the page is looked at again', async () => {
    let answers = 0;
    await renderPage(() => {
      answers += 1;
      const first = LIST.reports[0]!;
      const moved = answers > 1 ? { ...first, stage: 'in_progress' as const } : first;
      return { status: 200, json: { ...LIST, reports: [moved, LIST.reports[1]!] } };
    });
    const row = await screen.findByRole('row', { name: /HT-NEW1-AAAA/ });
    expect(within(row).getByText('Received')).toBeTruthy();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(await screen.findByRole('row', { name: /HT-NEW1-AAAA.*Being dealt with/ })).toBeTruthy();
    expect(answers).toBe(2);
  });

  it('lists the organisation’s reports with progress and outcome, and offers a new report', async () => {
    await renderPage(() => ({ status: 200, json: LIST }));
    expect(screen.getByText('Loading the reports…')).toBeTruthy();
    await screen.findByRole('heading', { name: 'Reports from 天河区五山小学' });
    const newer = screen.getByRole('row', { name: /HT-NEW1-AAAA/ });
    expect(within(newer).getByText('Received')).toBeTruthy();
    expect(within(newer).getByText('刘老师')).toBeTruthy();
    const older = screen.getByRole('row', { name: /HT-OLD1-BBBB/ });
    expect(within(older).getByText('Dealt with')).toBeTruthy();
    expect(within(older).getByText('Help has been provided.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Make a report' }).getAttribute('href')).toBe(
      '/report',
    );
  });

  it('says when there is nothing yet, in Chinese', async () => {
    await renderPage(() => ({ status: 200, json: { ...LIST, reports: [] } }), 'zh-CN');
    expect(await screen.findByText('暂无报告。您登录后提交的报告会显示在这里。')).toBeTruthy();
  });

  it('offers a retry when the list cannot be read', async () => {
    let fail = true;
    await renderPage(() =>
      fail ? errorReply('SERVICE_UNAVAILABLE', 503, 'Down') : { status: 200, json: LIST },
    );
    await screen.findByText(/The reports could not be loaded/);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('HT-NEW1-AAAA')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says plainly that a deactivated organisation’s reports are no longer shown (403 ORG_INACTIVE)', async () => {
    await renderPage(() =>
      errorReply('ORG_INACTIVE', 403, 'Your organisation is no longer active'),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/no longer active, so its reports are not shown/);
    expect(alert.textContent).toMatch(/filed as an ordinary public report/);
    expect(screen.queryByRole('button', { name: /try again|retry/i })).toBeNull();
  });
});
