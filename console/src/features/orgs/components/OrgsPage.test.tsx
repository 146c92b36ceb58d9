import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TOrg } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { OrgsPage } from './OrgsPage';

const regions = [
  { code: '440000', name: '广东省', level: 'province', parentCode: null },
  { code: '440100', name: '广州市', level: 'city', parentCode: '440000' },
  { code: '440106', name: '天河区', level: 'county', parentCode: '440100' },
];

function buildOrg(overrides: Partial<TOrg> = {}): TOrg {
  return {
    id: crypto.randomUUID(),
    name: '天河区五山小学',
    kind: 'school',
    region: { code: '440106', name: '天河区', path: ['广东省', '广州市', '天河区'] },
    letterSignedAt: '2025-09-01',
    active: true,
    apiKeys: [],
    ...overrides,
  };
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderOrgs(
  orgs: TOrg[] | (() => Reply),
  write: (request: RecordedRequest) => Reply = () => errorReply('NOT_FOUND', 404, 'Not found'),
) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/regions') return { status: 200, json: { regions } };
    if (request.url === '/api/admin/orgs' && request.method === 'GET') {
      return typeof orgs === 'function' ? orgs() : { status: 200, json: { orgs } };
    }
    return write(request);
  });
  renderWithProviders(<OrgsPage />, { baseUrl: server.baseUrl });
}

const writes = () => server!.requests.filter((r) => r.method !== 'GET');

describe('OrgsPage', () => {
  it('lists organisations with kind, region and the responsibility letter', async () => {
    await renderOrgs([
      buildOrg({ name: 'Wushan school' }),
      buildOrg({ name: 'Riverside inn', kind: 'hotel', letterSignedAt: null, active: false }),
    ]);
    const school = (await screen.findByText('Wushan school')).closest('tr')!;
    expect(within(school).getByText('School')).toBeTruthy();
    expect(
      within(screen.getByText('Riverside inn').closest('tr')!).getByText('Hotel'),
    ).toBeTruthy();
    expect(within(school).getByText('广东省 › 广州市 › 天河区')).toBeTruthy();
    expect(within(school).getByText('2025-09-01')).toBeTruthy();
    const hotel = screen.getByText('Riverside inn').closest('tr')!;
    expect(within(hotel).getByText('Not signed')).toBeTruthy();
    expect(within(hotel).getByText('No')).toBeTruthy();
  });

  it('shows an error with a retry, then the empty list', async () => {
    let calls = 0;
    await renderOrgs(() => {
      calls += 1;
      return calls === 1
        ? errorReply('INTERNAL', 500, 'Something went wrong')
        : { status: 200, json: { orgs: [] } };
    });
    expect(await screen.findByText(/The organisations could not be loaded/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No reporting organisations yet.')).toBeTruthy();
  });

  it('checks the form, then creates an organisation from the keyboard', async () => {
    const saved = buildOrg({ name: 'Tianhe kindergarten', kind: 'kindergarten' });
    await renderOrgs([], () => ({ status: 201, json: saved }));
    await screen.findByText('No reporting organisations yet.');
    await userEvent.click(screen.getByRole('button', { name: 'Add an organisation' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save organisation' }));
    expect(screen.getByText('Enter the name.')).toBeTruthy();
    expect(screen.getByText('Choose the region.')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(writes()).toEqual([]);

    await userEvent.type(screen.getByLabelText('Name'), 'Tianhe kindergarten');
    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'kindergarten');
    await userEvent.selectOptions(await screen.findByLabelText('Province'), '440000');
    await userEvent.selectOptions(screen.getByLabelText('City'), '440100');
    await userEvent.selectOptions(screen.getByLabelText('County or district'), '440106');
    const letter = screen.getByLabelText<HTMLInputElement>('Responsibility letter signed on');
    await userEvent.type(letter, '2026-03-01');
    // The picker takes a typed date when it loses focus, a moment later: it then shows it in the
    // console's own format. Submit only after that, as a person would see it.
    await userEvent.tab();
    await waitFor(() => expect(letter.value).toBe('1 Mar 2026'));
    await userEvent.type(screen.getByLabelText('Name'), '{Enter}');

    expect(await screen.findByText('Tianhe kindergarten is saved.')).toBeTruthy();
    expect(writes()[0]?.body).toEqual({
      name: 'Tianhe kindergarten',
      kind: 'kindergarten',
      regionCode: '440106',
      letterSignedAt: '2026-03-01',
      active: true,
    });
    // Typing into the date picker is slow in jsdom on a loaded machine.
  }, 30_000);

  it('edits an organisation and shows the fields the server refused', async () => {
    const org = buildOrg({ name: 'Old name' });
    let attempt = 0;
    await renderOrgs([org], () => {
      attempt += 1;
      return attempt === 1
        ? errorReply('VALIDATION_FAILED', 400, 'The body has invalid fields', {
            regionCode: 'Unknown region',
          })
        : { status: 200, json: { ...org, name: 'New name', active: false } };
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Old name' }));
    const name = screen.getByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'New name');
    await userEvent.clear(screen.getByLabelText('Responsibility letter signed on'));
    await userEvent.click(screen.getByLabelText('Active'));
    await userEvent.click(screen.getByRole('button', { name: 'Save organisation' }));
    expect(await screen.findByText('Unknown region')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save organisation' }));
    expect(await screen.findByText('New name is saved.')).toBeTruthy();
    const patch = writes().at(-1)!;
    expect(patch.method).toBe('PATCH');
    expect(patch.url).toBe(`/api/admin/orgs/${org.id}`);
    expect(patch.body).toEqual({
      name: 'New name',
      kind: 'school',
      regionCode: '440106',
      letterSignedAt: null,
      active: false,
    });
  });

  it('creates a partner key shown once with a copy button, then revokes a key after confirming', async () => {
    const u = userEvent.setup();
    const secret = 'hk_' + 'A'.repeat(43);
    const old = {
      id: crypto.randomUUID(),
      label: 'Old MIS',
      prefix: 'hk_oldkey1',
      createdAt: '2026-01-01T08:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    };
    const made = {
      ...old,
      id: crypto.randomUUID(),
      label: 'School MIS',
      prefix: secret.slice(0, 11),
    };
    let org = buildOrg({ name: 'Wushan school', apiKeys: [old] });
    await renderOrgs(
      () => ({ status: 200, json: { orgs: [org] } }),
      (request) => {
        if (request.method === 'POST') {
          org = { ...org, apiKeys: [made, ...org.apiKeys] };
          return { status: 201, json: { apiKey: made, key: secret } };
        }
        const revoked = { ...old, revokedAt: '2026-02-01T08:00:00.000Z' };
        org = { ...org, apiKeys: [made, revoked] };
        return { status: 200, json: revoked };
      },
    );
    await u.click(await screen.findByRole('button', { name: 'API keys of Wushan school' }));
    const panel = screen.getByRole('region', { name: 'API keys of Wushan school' });
    expect(within(panel).getByText('hk_oldkey1…')).toBeTruthy();
    expect(within(panel).getByText('Never')).toBeTruthy();

    await u.click(within(panel).getByRole('button', { name: 'Create key' }));
    expect(within(panel).getByText(/Enter a label/)).toBeTruthy();
    expect(writes()).toEqual([]);
    await u.type(within(panel).getByLabelText('Label of the new key'), 'School MIS{Enter}');
    const shown = await within(panel).findByRole('region', { name: 'New API key: School MIS' });
    expect(writes()[0]).toMatchObject({
      method: 'POST',
      url: `/api/admin/orgs/${org.id}/api-keys`,
      body: { label: 'School MIS' },
    });
    expect(within(shown).getByLabelText<HTMLInputElement>('API key').value).toBe(secret);
    await u.click(within(shown).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(secret);
    expect(within(shown).getByText('Copied.')).toBeTruthy();
    expect(await within(panel).findByText(`${secret.slice(0, 11)}…`)).toBeTruthy();
    await u.click(within(shown).getByRole('button', { name: 'I have copied the key' }));
    expect(screen.queryByDisplayValue(secret)).toBeNull();

    await u.click(within(panel).getByRole('button', { name: 'Revoke Old MIS' }));
    const question = within(panel).getByRole('group', { name: /Revoke Old MIS\?/ });
    expect(writes()).toHaveLength(1);
    await u.keyboard('{Enter}');
    expect(await within(panel).findByText('Old MIS is revoked.')).toBeTruthy();
    expect(question.isConnected).toBe(false);
    expect(writes()[1]).toMatchObject({
      method: 'DELETE',
      url: `/api/admin/orgs/${org.id}/api-keys/${old.id}`,
    });
    expect(await within(panel).findByText(/^Revoked /)).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Revoke Old MIS' })).toBeNull();
  });

  it('shows at the field why the server refused a key label, and other failures as an alert', async () => {
    const org = buildOrg({ name: 'Wushan school' });
    let attempt = 0;
    await renderOrgs([org], () => {
      attempt += 1;
      return attempt === 1
        ? errorReply('VALIDATION_FAILED', 400, 'The body has invalid fields', {
            label: 'Too long',
          })
        : errorReply('NOT_FOUND', 404, 'No such organisation');
    });
    await userEvent.click(await screen.findByRole('button', { name: 'API keys of Wushan school' }));
    const input = screen.getByLabelText('Label of the new key');
    await userEvent.type(input, 'Partner{Enter}');
    expect(await screen.findByText('Too long')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    await userEvent.type(input, '{Enter}');
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('region', { name: /New API key/ })).toBeNull();
  });
});
