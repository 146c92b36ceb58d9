import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCannedReply, TMe } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { AntdProvider } from '../../../app/AntdProvider';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { CannedRepliesPage } from './CannedRepliesPage';

const SAFETY: TCannedReply = {
  id: '00000000-0000-4000-8000-0000000000a1',
  label: { 'zh-CN': '安全提示', en: 'Safety advice' },
  text: { 'zh-CN': '如有紧急危险请立即拨打110。', en: 'If in danger now, call 110.' },
  position: 0,
  updatedAt: '2026-12-02T00:55:00.000Z',
};
const ADMIN: TMe = {
  id: '00000000-0000-4000-8000-0000000000e1',
  username: 'admin',
  displayName: 'Admin',
  role: 'admin',
};

/** Round trips through a real local server; the shared test machine can be slow. */
const SLOW = { timeout: 10_000 };

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A small stand-in for the server's canned-reply routes, holding its list in memory. */
async function renderPage(
  language: 'en' | 'zh-CN' = 'en',
  onSave?: (request: RecordedRequest) => Reply | undefined,
) {
  let replies = [SAFETY];
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: ADMIN };
    if (request.url === '/api/canned-replies') return { status: 200, json: { replies } };
    if (request.url.startsWith('/api/admin/canned-replies')) {
      const refused = onSave?.(request);
      if (refused) return refused;
      const id = request.url.split('/')[4];
      if (request.method === 'DELETE') {
        replies = replies.filter((r) => r.id !== id);
        return { status: 200, json: { ok: true } };
      }
      const body = request.body as Pick<TCannedReply, 'label' | 'text' | 'position'>;
      const saved: TCannedReply = {
        id: id ?? '00000000-0000-4000-8000-0000000000a2',
        ...body,
        updatedAt: '2026-12-02T01:00:00.000Z',
      };
      replies = [...replies.filter((r) => r.id !== saved.id), saved].sort(
        (a, b) => a.position - b.position,
      );
      return { status: request.method === 'POST' ? 201 : 200, json: saved };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AntdProvider>
      <AuthProvider>
        <CannedRepliesPage />
      </AuthProvider>
    </AntdProvider>,
    { baseUrl: server.baseUrl, language },
  );
}

describe('CannedRepliesPage', () => {
  it('lists the replies in both languages, with Beijing time', async () => {
    await renderPage();
    const row = (await screen.findByText('Safety advice', {}, SLOW)).closest('tr')!;
    expect(within(row).getByText('安全提示')).toBeTruthy();
    expect(within(row).getByText('如有紧急危险请立即拨打110。')).toBeTruthy();
    expect(within(row).getByText('2 Dec 2026, 08:55')).toBeTruthy();
  });

  it('adds a reply in both languages after its required fields are filled', async () => {
    await renderPage();
    await screen.findByText('Safety advice', {}, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'Add a reply' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getAllByText('Name the reply.')).toHaveLength(2), SLOW);
    expect(server!.requests.some((r) => r.method === 'POST')).toBe(false);

    await userEvent.click(screen.getByLabelText('Name (Chinese)'));
    await userEvent.paste('询问地点');
    await userEvent.click(screen.getByLabelText('Name (English)'));
    await userEvent.paste('Ask where');
    await userEvent.click(screen.getByLabelText('Text (Chinese)'));
    await userEvent.paste('请告诉我们孩子现在在哪里。');
    await userEvent.click(screen.getByLabelText('Text (English)'));
    await userEvent.paste('Where is the child now?');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const row = (await screen.findByText('Ask where', {}, SLOW)).closest('tr')!;
    expect(within(row).getByText('请告诉我们孩子现在在哪里。')).toBeTruthy();
    const post = server!.requests.find((r) => r.method === 'POST')!;
    expect(post.url).toBe('/api/admin/canned-replies');
    expect(post.body).toEqual({
      label: { 'zh-CN': '询问地点', en: 'Ask where' },
      text: { 'zh-CN': '请告诉我们孩子现在在哪里。', en: 'Where is the child now?' },
      position: 1,
    });
  }, 60_000);

  it("edits a reply and shows the server's refusal on the field it names", async () => {
    await renderPage('en', (request) =>
      request.method === 'PUT'
        ? errorReply('VALIDATION_FAILED', 400, 'The request has invalid fields', {
            'text.en': 'At most 320 characters',
          })
        : undefined,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Safety advice' }, SLOW));
    const english = screen.getByLabelText('Text (English)');
    expect((english as HTMLTextAreaElement).value).toBe('If in danger now, call 110.');
    await userEvent.type(english, ' Now.');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('At most 320 characters', {}, SLOW)).toBeTruthy();
    const put = server!.requests.find((r) => r.method === 'PUT')!;
    expect(put.url).toBe(`/api/admin/canned-replies/${SAFETY.id}`);
    expect(put.body).toMatchObject({ text: { en: 'If in danger now, call 110. Now.' } });
  }, 60_000);

  it('deletes a reply only after confirming, in Chinese', async () => {
    await renderPage('zh-CN');
    await userEvent.click(await screen.findByRole('button', { name: '删除：安全提示' }, SLOW));
    expect(server!.requests.some((r) => r.method === 'DELETE')).toBe(false);
    const confirm = await screen.findByText(
      '确定删除“安全提示”？删除后接线员将不再看到此回复。',
      {},
      SLOW,
    );
    const popover = confirm.closest<HTMLElement>('.ant-popover')!;
    await userEvent.click(within(popover).getByRole('button', { name: '删除' }));
    expect(await screen.findByText('尚无常用回复。', {}, SLOW)).toBeTruthy();
    await waitFor(() =>
      expect(server!.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([
        `/api/admin/canned-replies/${SAFETY.id}`,
      ]),
    );
  }, 60_000);
});
