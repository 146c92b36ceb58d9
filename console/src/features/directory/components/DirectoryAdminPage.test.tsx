import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TDirectoryEntry, TMe } from '@hutong/shared';
import { AntdProvider } from '../../../app/AntdProvider';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { DirectoryAdminPage } from './DirectoryAdminPage';

const regions = [
  { code: '440000', name: '广东省', level: 'province', parentCode: null },
  { code: '440200', name: '韶关市', level: 'city', parentCode: '440000' },
  { code: '440232', name: '乳源瑶族自治县', level: 'county', parentCode: '440200' },
];
const RUYUAN = {
  code: '440232',
  name: '乳源瑶族自治县',
  path: ['广东省', '韶关市', '乳源瑶族自治县'],
};
const POLICE: TDirectoryEntry = {
  id: '00000000-0000-4000-8000-0000000000d1',
  name: '必背派出所',
  kind: 'police',
  phone: '0751-5321110',
  region: RUYUAN,
  note: null,
  active: true,
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

/** A stand-in for the directory routes, holding the entries in memory. */
async function renderPage() {
  let entries = [POLICE];
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: ADMIN };
    if (request.url === '/api/regions') return { status: 200, json: { regions } };
    if (request.url.startsWith('/api/directory') && request.method === 'GET') {
      return { status: 200, json: { entries, centres: [] } };
    }
    if (request.url.startsWith('/api/directory')) {
      const id = request.url.split('/')[3];
      const body = request.body as Partial<TDirectoryEntry> & { regionCode?: string };
      const before = entries.find((e) => e.id === id);
      const saved: TDirectoryEntry = {
        ...(before ?? { ...POLICE, id: '00000000-0000-4000-8000-0000000000d2' }),
        ...body,
        note: body.note ?? before?.note ?? null,
        region: RUYUAN,
      };
      delete (saved as { regionCode?: string }).regionCode;
      entries = [...entries.filter((e) => e.id !== saved.id), saved];
      return { status: before ? 200 : 201, json: saved };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AntdProvider>
      <AuthProvider>
        <DirectoryAdminPage />
      </AuthProvider>
    </AntdProvider>,
    { baseUrl: server.baseUrl },
  );
}

describe('DirectoryAdminPage', () => {
  it('adds an entry, refusing a number nobody could ring', async () => {
    await renderPage();
    await screen.findByText('必背派出所', {}, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'Add an entry' }));
    await userEvent.click(screen.getByLabelText('Name'));
    await userEvent.paste('乳源县人民医院');
    await userEvent.click(screen.getByLabelText('Kind'));
    await userEvent.click(await screen.findByTitle('Hospital', {}, SLOW));
    await userEvent.type(screen.getByLabelText('Phone'), '12');
    await userEvent.type(screen.getByLabelText('Region'), '乳源');
    await userEvent.click(await screen.findByTitle('乳源瑶族自治县', {}, SLOW));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        'Enter a mobile, a landline with its area code (0751-5321110) or a service number (110).',
        {},
        SLOW,
      ),
    ).toBeTruthy();
    expect(server!.requests.some((r) => r.method === 'POST')).toBe(false);

    await userEvent.clear(screen.getByLabelText('Phone'));
    await userEvent.paste('0751-5388120');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const row = (await screen.findByText('乳源县人民医院', {}, SLOW)).closest('tr')!;
    expect(within(row).getByText('Hospital')).toBeTruthy();
    expect(within(row).getByText('In use')).toBeTruthy();
    const post = server!.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      name: '乳源县人民医院',
      kind: 'hospital',
      phone: '0751-5388120',
      regionCode: '440232',
      active: true,
    });
  }, 60_000);

  it('takes an entry out of use by editing it', async () => {
    await renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit 必背派出所' }, SLOW));
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('必背派出所');
    await userEvent.click(screen.getByRole('switch', { name: 'In use' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    // The form closes and says so once the server has the change.
    await screen.findByText('必背派出所 is saved.', {}, SLOW);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    const row = screen.getByText('必背派出所').closest('tr')!;
    expect(await within(row).findByText('inactive', {}, SLOW)).toBeTruthy();
    const patch = server!.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.url).toBe(`/api/directory/${POLICE.id}`);
    expect(patch.body).toMatchObject({ active: false, regionCode: '440232' });
  }, 60_000);
});
