import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TUser } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { UsersPage } from './UsersPage';

const ADMIN_ID = '00000000-0000-4000-8000-00000000a001';
const OPERATOR_ID = '00000000-0000-4000-8000-00000000a002';
const CENTRE_STAFF_ID = '00000000-0000-4000-8000-00000000a003';
const CENTRE_ID = '00000000-0000-4000-8000-00000000c001';
const ORG_ID = '00000000-0000-4000-8000-00000000d001';
const NEW_ID = '00000000-0000-4000-8000-00000000a0ff';

const user = (overrides: Partial<TUser>): TUser => ({
  id: OPERATOR_ID,
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
  centreId: null,
  orgId: null,
  regionCode: null,
  disabledAt: null,
  lockedUntil: null,
  createdAt: '2030-01-01T00:00:00.000Z',
  ...overrides,
});

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A small in-memory accounts API that behaves like the backend's for what the page does. */
async function renderUsers({
  users = [
    user({ id: ADMIN_ID, username: 'admin', displayName: 'Admin', role: 'admin' }),
    user({}),
    user({
      id: CENTRE_STAFF_ID,
      username: 'centre',
      displayName: 'Centre Duty',
      role: 'centre_staff',
      centreId: CENTRE_ID,
      lockedUntil: '2099-01-01T06:30:00.000Z',
    }),
  ],
  language = 'en',
  override,
}: {
  users?: TUser[];
  language?: 'en' | 'zh-CN';
  override?: (r: RecordedRequest) => Reply | undefined;
} = {}) {
  const store = [...users];
  server = await startLocalServer((r) => {
    const custom = override?.(r);
    if (custom) return custom;
    // The locked-accounts panel below the list (tested on its own).
    if (r.url === '/api/auth/locks') return { status: 200, json: { accounts: [] } };
    if (r.url === '/api/auth/me') {
      return {
        status: 200,
        json: { id: ADMIN_ID, username: 'admin', displayName: 'Admin', role: 'admin' },
      };
    }
    if (r.url === '/api/users' && r.method === 'GET') {
      return {
        status: 200,
        json: {
          users: store,
          centres: [{ id: CENTRE_ID, name: '朝阳区未成年人救助保护中心' }],
          orgs: [{ id: ORG_ID, name: '朝阳实验小学' }],
        },
      };
    }
    if (r.url === '/api/users' && r.method === 'POST') {
      const body = r.body as Partial<TUser>;
      const created = user({ ...body, id: NEW_ID });
      store.push(created);
      return { status: 201, json: { user: created, temporaryPassword: 'Temp-pass-0001' } };
    }
    const patch = /^\/api\/users\/([^/]+)$/.exec(r.url);
    if (patch && r.method === 'PATCH') {
      const body = r.body as { disabled?: boolean } & Partial<TUser>;
      const index = store.findIndex((u) => u.id === patch[1]);
      const { disabled, ...rest } = body;
      store[index] = {
        ...store[index]!,
        ...rest,
        ...(disabled === undefined
          ? {}
          : { disabledAt: disabled ? '2030-01-02T00:00:00.000Z' : null }),
      };
      return { status: 200, json: store[index] };
    }
    const reset = /^\/api\/users\/([^/]+)\/reset-password$/.exec(r.url);
    if (reset && r.method === 'POST') {
      const index = store.findIndex((u) => u.id === reset[1]);
      store[index] = { ...store[index]!, lockedUntil: null };
      return { status: 200, json: { user: store[index], temporaryPassword: 'Reset-pass-0002' } };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AuthProvider>
      <UsersPage />
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
}

const rowOf = async (username: string) =>
  (await screen.findByRole('rowheader', { name: new RegExp(`^${username}`) })).closest('tr')!;

describe('UsersPage', () => {
  it('lists accounts with role, binding and status, marking the signed-in admin', async () => {
    await renderUsers();
    expect(screen.getByText('Loading accounts…').getAttribute('role')).toBe('status');
    const centre = await rowOf('centre');
    expect(centre.textContent).toContain('rescue-centre staff');
    expect(centre.textContent).toContain('朝阳区未成年人救助保护中心');
    expect(centre.textContent).toMatch(/Locked until/);
    expect((await rowOf('operator')).textContent).toContain('Active');
    const me = await rowOf('admin');
    expect(me.textContent).toContain('(you)');
    // No "Disable" on one's own row.
    expect(within(me).queryByRole('button', { name: 'Disable' })).toBeNull();
  });

  it('says when there are no accounts', async () => {
    await renderUsers({ users: [] });
    expect(await screen.findByText('No accounts yet.')).toBeTruthy();
  });

  it('creates a centre account with the keyboard and shows its password once, with a copy button', async () => {
    const u = userEvent.setup();
    await renderUsers();
    const form = (await screen.findByRole('heading', { name: 'New account' })).closest('section')!;
    await u.type(within(form).getByLabelText('Username'), 'zhang.wei');
    await u.type(within(form).getByLabelText('Name shown in the console'), '张伟');
    await u.selectOptions(within(form).getByLabelText('Role'), 'centre_staff');
    await u.click(within(form).getByRole('button', { name: 'Create account' }));
    // The centre is required for centre staff: said at the field, nothing sent.
    expect(within(form).getByText('Choose the centre this person works for.')).toBeTruthy();
    expect(document.activeElement).toBe(within(form).getByLabelText('Centre'));
    expect(server!.requests.some((r) => r.method === 'POST')).toBe(false);

    await u.selectOptions(within(form).getByLabelText('Centre'), CENTRE_ID);
    within(form).getByRole('button', { name: 'Create account' }).focus();
    await u.keyboard('{Enter}');
    const notice = await screen.findByRole('region', { name: 'Account zhang.wei created.' });
    expect(server!.requests.find((r) => r.method === 'POST')?.body).toEqual({
      username: 'zhang.wei',
      displayName: '张伟',
      role: 'centre_staff',
      centreId: CENTRE_ID,
    });
    expect(within(notice).getByText(/shown only once/)).toBeTruthy();
    expect(within(notice).getByLabelText<HTMLInputElement>('Temporary password').value).toBe(
      'Temp-pass-0001',
    );
    await u.click(within(notice).getByRole('button', { name: 'Copy password' }));
    expect(await navigator.clipboard.readText()).toBe('Temp-pass-0001');
    expect(within(notice).getByText('Copied to the clipboard.')).toBeTruthy();
    await rowOf('zhang.wei');
    // The form is empty again, and once dismissed the password is gone for good.
    expect(within(form).getByLabelText<HTMLInputElement>('Username').value).toBe('');
    await u.click(within(notice).getByRole('button', { name: 'I have passed it on' }));
    expect(screen.queryByText('Temp-pass-0001')).toBeNull();
    expect(screen.queryByDisplayValue('Temp-pass-0001')).toBeNull();
  });

  it('says when a username is taken', async () => {
    const u = userEvent.setup();
    await renderUsers({
      override: (r) =>
        r.method === 'POST'
          ? errorReply('CONFLICT', 409, 'That username is taken', { username: 'Already taken' })
          : undefined,
    });
    const form = (await screen.findByRole('heading', { name: 'New account' })).closest('section')!;
    await u.type(within(form).getByLabelText('Username'), 'operator');
    await u.type(within(form).getByLabelText('Name shown in the console'), 'Again');
    await u.click(within(form).getByRole('button', { name: 'Create account' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert')[0]!.textContent).toBe(
        'That username is taken. Choose another.',
      ),
    );
    expect(within(form).getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');
  });

  it("asks a children's director's region before creating the account", async () => {
    const u = userEvent.setup();
    await renderUsers();
    const form = (await screen.findByRole('heading', { name: 'New account' })).closest('section')!;
    await u.type(within(form).getByLabelText('Username'), 'huang.li');
    await u.type(within(form).getByLabelText('Name shown in the console'), '黄丽');
    await u.selectOptions(within(form).getByLabelText('Role'), 'child_director');
    expect(within(form).getByText('A village or community.')).toBeTruthy();
    await u.click(within(form).getByRole('button', { name: 'Create account' }));
    expect(
      await within(form).findByText('Choose a region of the level this role works for.'),
    ).toBeTruthy();
    expect(server!.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('disables an account only after confirmation, and can cancel', async () => {
    const u = userEvent.setup();
    await renderUsers();
    await u.click(within(await rowOf('operator')).getByRole('button', { name: 'Disable' }));
    await u.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(server!.requests.some((r) => r.method === 'PATCH')).toBe(false);

    await u.click(within(await rowOf('operator')).getByRole('button', { name: 'Disable' }));
    expect(screen.getByText(/Disable operator\? They are signed out at once/)).toBeTruthy();
    // Focus is on the answer, so Enter confirms.
    expect(document.activeElement?.textContent).toBe('Yes, continue');
    await u.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByText('operator is disabled and has been signed out.')));
    expect(server!.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ disabled: true });
    const row = await rowOf('operator');
    await waitFor(() => expect(row.textContent).toContain('Disabled'));
    expect(within(row).getByRole('button', { name: 'Enable' })).toBeTruthy();
  });

  it('edits role and binding, and explains a refused self-demotion', async () => {
    const u = userEvent.setup();
    await renderUsers({
      override: (r) =>
        r.method === 'PATCH' && r.url.endsWith(ADMIN_ID)
          ? errorReply('CONFLICT', 409, 'You cannot give up your own administrator role')
          : undefined,
    });
    await u.click(within(await rowOf('operator')).getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('heading', { name: 'Edit operator' }).closest('section')!;
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Edit operator' }));
    await u.selectOptions(within(editor).getByLabelText('Role'), 'reporter');
    await u.selectOptions(within(editor).getByLabelText('Reporter organisation'), ORG_ID);
    await u.click(within(editor).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Changes to operator saved.');
    expect(server!.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      displayName: 'Operator One',
      role: 'reporter',
      centreId: null,
      orgId: ORG_ID,
      regionCode: null,
    });
    await waitFor(async () =>
      expect((await rowOf('operator')).textContent).toContain('朝阳实验小学'),
    );

    await u.click(within(await rowOf('admin')).getByRole('button', { name: 'Edit' }));
    const self = screen.getByRole('heading', { name: 'Edit admin' }).closest('section')!;
    await u.selectOptions(within(self).getByLabelText('Role'), 'operator');
    await u.click(within(self).getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert')[0]!.textContent).toBe(
        'You cannot disable your own account or give up your own administrator role.',
      ),
    );
    // The editor stays open with the change, so nothing is silently lost.
    expect(screen.getByRole('heading', { name: 'Edit admin' })).toBeTruthy();
  });

  it('resets a password after confirmation and shows the new one once, in Chinese', async () => {
    const u = userEvent.setup();
    await renderUsers({ language: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '用户管理' })).toBeTruthy();
    const centre = await rowOf('centre');
    expect(centre.textContent).toContain('锁定至');
    await u.click(within(centre).getByRole('button', { name: '重置密码' }));
    await u.click(screen.getByRole('button', { name: '确定' }));
    const notice = await screen.findByRole('region', { name: 'centre 的密码已重置。' });
    expect(within(notice).getByLabelText<HTMLInputElement>('临时密码').value).toBe(
      'Reset-pass-0002',
    );
    expect(within(notice).getByText(/此密码仅显示一次/)).toBeTruthy();
    await waitFor(async () => expect((await rowOf('centre')).textContent).toContain('正常'));
  });

  it('offers to retry when the accounts cannot be loaded', async () => {
    let fail = true;
    await renderUsers({
      override: (r) =>
        r.url === '/api/users' && fail ? errorReply('INTERNAL', 500, 'Boom') : undefined,
    });
    expect(await screen.findByText('The accounts could not be loaded.')).toBeTruthy();
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await rowOf('operator')).toBeTruthy();
  });
});
