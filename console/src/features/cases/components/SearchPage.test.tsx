import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildCase } from '../../../test/factories';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { SearchPage } from './SearchPage';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('SearchPage', () => {
  it('sends only the filters given and lists the cases found, each linking to its page', async () => {
    const found = buildCase({ reference: 'HT-FIND-0001', priority: 'P2', status: 'triaging' });
    server = await startLocalServer((request) => {
      if (request.url === '/api/auth/me') return { status: 200, json: me };
      if (request.url.startsWith('/api/cases/search'))
        return { status: 200, json: { cases: [found] } };
      return errorReply('NOT_FOUND', 404, 'Not found');
    });
    renderWithProviders(
      <AuthProvider>
        <SearchPage />
      </AuthProvider>,
      { baseUrl: server.baseUrl, language: 'zh-CN' },
    );
    await userEvent.type(screen.getByLabelText('编号或儿童姓名'), ' 小红 ');
    await userEvent.selectOptions(screen.getByLabelText('风险等级'), 'P2');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(await screen.findByText('共找到 1 个工单')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'HT-FIND-0001' });
    expect(link.getAttribute('href')).toBe(`/cases/${found.id}`);
    const sent = new URL(server.requests.at(-1)!.url, 'http://x');
    expect(Object.fromEntries(sent.searchParams)).toEqual({ q: '小红', priority: 'P2' });
  });

  it('shows the server’s refusal as an alert', async () => {
    server = await startLocalServer((request) =>
      request.url === '/api/auth/me'
        ? { status: 200, json: me }
        : errorReply('FORBIDDEN', 403, 'No'),
    );
    renderWithProviders(
      <AuthProvider>
        <SearchPage />
      </AuthProvider>,
      { baseUrl: server.baseUrl },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).not.toBe(''));
  });

  it('tells an operator that a phone number finds only the cases they hold, and not a supervisor', async () => {
    for (const role of ['operator', 'supervisor'] as const) {
      server = await startLocalServer((request) =>
        request.url === '/api/auth/me'
          ? { status: 200, json: { ...me, role } }
          : errorReply('NOT_FOUND', 404, 'Not found'),
      );
      const view = renderWithProviders(
        <AuthProvider>
          <SearchPage />
        </AuthProvider>,
        { baseUrl: server.baseUrl },
      );
      const phone = await screen.findByLabelText('Reporter’s phone number (exact)');
      if (role === 'operator') {
        await waitFor(() => expect(phone.getAttribute('aria-describedby')).toBeTruthy());
        expect(screen.getByText(/Finds only the cases you hold/)).toBeTruthy();
      } else {
        await waitFor(() =>
          expect(server!.requests.some((r) => r.url === '/api/auth/me')).toBe(true),
        );
        expect(screen.queryByText(/Finds only the cases you hold/)).toBeNull();
      }
      view.unmount();
      await server.close();
      server = undefined;
    }
  });
});
