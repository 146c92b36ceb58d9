import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCentre } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { buildCentre } from '../../dispatch/referral-factories';
import { CentresPage } from './CentresPage';

const regions = [
  { code: '440000', name: '广东省', level: 'province', parentCode: null },
  { code: '440100', name: '广州市', level: 'city', parentCode: '440000' },
  { code: '440104', name: '越秀区', level: 'county', parentCode: '440100' },
  { code: '440106', name: '天河区', level: 'county', parentCode: '440100' },
  { code: '440300', name: '深圳市', level: 'city', parentCode: '440000' },
];

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderCentres(
  centres: TCentre[],
  write: (request: RecordedRequest) => Reply = () => errorReply('NOT_FOUND', 404, 'Not found'),
) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/regions') return { status: 200, json: { regions } };
    if (request.url === '/api/centres' && request.method === 'GET') {
      return { status: 200, json: { centres } };
    }
    return write(request);
  });
  renderWithProviders(<CentresPage />, { baseUrl: server.baseUrl });
}

const writes = () => server!.requests.filter((r) => r.method !== 'GET');

describe('CentresPage', () => {
  it('lists centres with kind, region and duty contacts', async () => {
    await renderCentres([buildCentre({ name: 'Guangzhou centre' })]);
    const row = (await screen.findByText('Guangzhou centre')).closest('tr')!;
    expect(within(row).getByText('County rescue and protection centre')).toBeTruthy();
    expect(within(row).getByText('Duty officer')).toBeTruthy();
    expect(within(row).getByText('Yes')).toBeTruthy();
  });

  it('checks the form, then creates a centre with its jurisdiction and ordered contacts', async () => {
    const saved = buildCentre({ name: 'Tianhe station' });
    await renderCentres([], () => ({ status: 201, json: saved }));
    await screen.findByText('No centres yet.');
    await userEvent.click(screen.getByRole('button', { name: 'Add a centre' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add a contact' }));
    await userEvent.type(screen.getByLabelText('Contact 1: phone'), '020-1234');
    await userEvent.click(screen.getByRole('button', { name: 'Save centre' }));
    expect(screen.getByText('Enter the name.')).toBeTruthy();
    expect(screen.getByText('Choose the region.')).toBeTruthy();
    expect(screen.getByLabelText('Contact 1: phone').getAttribute('aria-invalid')).toBe('true');
    expect(writes()).toEqual([]);

    await userEvent.type(screen.getByLabelText('Name'), 'Tianhe station');
    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'township_station');
    await userEvent.selectOptions(await screen.findByLabelText('Province'), '440000');
    await userEvent.selectOptions(screen.getByLabelText('City'), '440100');
    await userEvent.selectOptions(screen.getByLabelText('County or district'), '440106');
    // The jurisdiction from the region tree, found by search.
    await userEvent.type(screen.getByLabelText('Jurisdiction (regions it covers)'), '天河');
    await userEvent.click(await screen.findByTitle('天河区'));
    expect(screen.getByTestId('jurisdiction-summary').textContent).toBe('广东省 › 广州市 › 天河区');
    await userEvent.type(screen.getByLabelText('Contact 1: name or post'), 'Night duty');
    await userEvent.clear(screen.getByLabelText('Contact 1: phone'));
    // A landline with its area code is a duty number like any other.
    await userEvent.type(screen.getByLabelText('Contact 1: phone'), '0751-5321110');
    await userEvent.click(screen.getByRole('button', { name: 'Add a contact' }));
    await userEvent.type(screen.getByLabelText('Contact 2: name or post'), 'Director');
    await userEvent.type(screen.getByLabelText('Contact 2: phone'), '+862000000010');
    await userEvent.click(screen.getByRole('button', { name: 'Move contact 2 up' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save centre' }));

    expect(await screen.findByText('Tianhe station is saved.')).toBeTruthy();
    expect(writes()[0]?.body).toEqual({
      name: 'Tianhe station',
      kind: 'township_station',
      regionCode: '440106',
      jurisdiction: ['440106'],
      dutyContacts: [
        { label: 'Director', phone: '+862000000010', sms: true },
        { label: 'Night duty', phone: '0751-5321110', sms: true },
      ],
      active: true,
    });
  }, 30_000);

  it('covers a whole city with one tick in the region tree, keeping only the city’s code', async () => {
    const saved = buildCentre({ name: 'City centre' });
    await renderCentres([], () => ({ status: 201, json: saved }));
    await userEvent.click(await screen.findByRole('button', { name: 'Add a centre' }));
    await userEvent.type(screen.getByLabelText('Name'), 'City centre');
    await userEvent.selectOptions(await screen.findByLabelText('Province'), '440000');
    await userEvent.selectOptions(screen.getByLabelText('City'), '440100');
    await userEvent.type(screen.getByLabelText('Jurisdiction (regions it covers)'), '广州');
    await userEvent.click(await screen.findByTitle('广州市'));
    await userEvent.click(screen.getByRole('button', { name: 'Save centre' }));
    expect(await screen.findByText('City centre is saved.')).toBeTruthy();
    expect(writes()[0]?.body).toMatchObject({ jurisdiction: ['440100'] });
  }, 30_000);

  it('edits a centre and shows the fields the server refused', async () => {
    const centre = buildCentre({ name: 'Old name' });
    let attempt = 0;
    await renderCentres([centre], () => {
      attempt += 1;
      return attempt === 1
        ? errorReply('VALIDATION_FAILED', 400, 'The body has invalid fields', {
            name: 'Too long',
          })
        : { status: 200, json: { ...centre, name: 'New name', active: false } };
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Old name' }));
    const name = screen.getByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'New name');
    await userEvent.click(screen.getByLabelText('Active'));
    await userEvent.click(screen.getByRole('button', { name: 'Save centre' }));
    expect(await screen.findByText('Too long')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save centre' }));
    expect(await screen.findByText('New name is saved.')).toBeTruthy();
    const patch = writes().at(-1)!;
    expect(patch.method).toBe('PATCH');
    expect(patch.url).toBe(`/api/centres/${centre.id}`);
    expect(patch.body).toMatchObject({ name: 'New name', active: false, regionCode: '440100' });
  });
});
