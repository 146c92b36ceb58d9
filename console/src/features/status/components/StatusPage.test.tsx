import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { StatusPage } from './StatusPage';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderStatus() {
  server = await startLocalServer((request) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname !== '/api/reports/status') return errorReply('NOT_FOUND', 404, 'Not found');
    return url.searchParams.get('code') === 'GOOD-CODE'
      ? {
          status: 200,
          json: {
            reference: 'HT-2030-0001',
            stage: 'resolved',
            outcome: 'help_provided',
            updatedAt: '2030-01-01T00:00:00.000Z',
          },
        }
      : errorReply('NOT_FOUND', 404, 'No report matches');
  });
  renderWithProviders(<StatusPage />, { baseUrl: server.baseUrl, language: 'zh-CN' });
}

describe('StatusPage', () => {
  it('shows the generic status for a reference and lookup code', async () => {
    await renderStatus();
    await userEvent.type(screen.getByLabelText('报告编号'), ' HT-2030-0001 ');
    await userEvent.type(screen.getByLabelText('查询码'), 'GOOD-CODE');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(await screen.findByText('您的报告已处理完毕。')).toBeTruthy();
    expect(screen.getByText('已提供帮助。')).toBeTruthy();
    expect(server!.requests[0]?.url).toBe(
      '/api/reports/status?reference=HT-2030-0001&code=GOOD-CODE',
    );
  });

  it('gives one answer for a wrong code, and asks for both fields first', async () => {
    await renderStatus();
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByRole('alert').textContent).toBe('请输入报告编号和查询码。');
    expect(server!.requests).toEqual([]);
    await userEvent.type(screen.getByLabelText('报告编号'), 'HT-2030-0001');
    await userEvent.type(screen.getByLabelText('查询码'), 'BAD-CODE');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '没有与此报告编号和查询码相符的报告。',
    );
  });
});
