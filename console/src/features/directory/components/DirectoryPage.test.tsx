import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TContactHistory, TDirectory, TMe } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { DirectoryPage } from './DirectoryPage';

const regions = [
  { code: '440000', name: '广东省', level: 'province', parentCode: null },
  { code: '440200', name: '韶关市', level: 'city', parentCode: '440000' },
  { code: '440232', name: '乳源瑶族自治县', level: 'county', parentCode: '440200' },
  { code: '440100', name: '广州市', level: 'city', parentCode: '440000' },
];
const DIRECTORY: TDirectory = {
  entries: [
    {
      id: '00000000-0000-4000-8000-0000000000d1',
      name: '必背派出所',
      kind: 'police',
      phone: '0751-5321110',
      region: {
        code: '440232',
        name: '乳源瑶族自治县',
        path: ['广东省', '韶关市', '乳源瑶族自治县'],
      },
      note: null,
      active: true,
    },
  ],
  centres: [],
};
const HISTORY: TContactHistory = {
  contacts: [
    {
      kind: 'report',
      channel: 'web',
      at: '2026-12-02T00:55:00.000Z',
      reference: 'HT-AAAA-BBBB',
      caseId: '00000000-0000-4000-8000-0000000000c1',
      caseReference: 'C-2026-0001',
      caseStatus: 'new',
    },
  ],
};
const me = (role: TMe['role']): TMe => ({
  id: '00000000-0000-4000-8000-0000000000e1',
  username: role,
  displayName: role,
  role,
});

const CASE_ID = '00000000-0000-4000-8000-0000000000c9';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderPage(role: TMe['role'], path = '/directory') {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: me(role) };
    if (request.url === '/api/regions') return { status: 200, json: { regions } };
    if (request.url.startsWith('/api/directory')) return { status: 200, json: DIRECTORY };
    if (request.url === '/api/contacts/history') return { status: 200, json: HISTORY };
    if (request.url === `/api/cases/${CASE_ID}/contact-history`) {
      return { status: 200, json: HISTORY };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AuthProvider>
      <DirectoryPage />
    </AuthProvider>,
    { baseUrl: server.baseUrl, path },
  );
}

describe('DirectoryPage', () => {
  it('lists entries for the area chosen in the region tree, with a number to ring', async () => {
    await renderPage('operator');
    const row = (await screen.findByText('必背派出所')).closest('tr')!;
    expect(within(row).getByText('Police station')).toBeTruthy();
    expect(within(row).getByRole('link', { name: '0751-5321110' }).getAttribute('href')).toBe(
      'tel:07515321110',
    );
    await userEvent.type(screen.getByLabelText('Area'), '乳源');
    await userEvent.click(await screen.findByTitle('乳源瑶族自治县'));
    await screen.findByText('必背派出所');
    expect(server!.requests.map((r) => r.url)).toContain('/api/directory?regionCode=440232');
  }, 30_000);

  it('searches contact history with the number in the body, never the URL', async () => {
    await renderPage('operator');
    // The section shows once the session says who is signed in.
    const phone = await screen.findByLabelText('Phone number', {}, { timeout: 10_000 });
    await userEvent.type(phone, '12');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    await userEvent.clear(phone);
    await userEvent.type(phone, '0751-5321110');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('1 earlier contacts')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'C-2026-0001' })).toBeTruthy();
    const sent = server!.requests.filter((r) => r.url === '/api/contacts/history');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({ phone: '0751-5321110' });
    expect(server!.requests.some((r) => r.url.includes('5321110'))).toBe(false);
  }, 30_000);

  it('offers no contact history to an admin', async () => {
    await renderPage('admin');
    await screen.findByText('必背派出所');
    expect(screen.queryByLabelText('Phone number')).toBeNull();
  });

  it("shows a case's reporters' earlier contacts at once when opened from the case", async () => {
    await renderPage('supervisor', `/directory?case=${CASE_ID}&reference=C-2026-0009`);
    expect(
      await screen.findByText(
        'Earlier contacts from the numbers the reporters of case C-2026-0009 gave.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeTruthy();
    expect(await screen.findByText('1 earlier contacts')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to case C-2026-0009' })).toBeTruthy();
    expect(server!.requests.map((r) => r.url)).toContain(`/api/cases/${CASE_ID}/contact-history`);
    expect(server!.requests.some((r) => r.url === '/api/contacts/history')).toBe(false);
  }, 30_000);
});
