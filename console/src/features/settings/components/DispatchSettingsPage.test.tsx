import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TDispatchSettingsView, TVisitSettingsView } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { DispatchSettingsPage } from './DispatchSettingsPage';

const DEFAULTS = { P1: 10, P2: 60, P3: 1440 };
const view = (over: Partial<TDispatchSettingsView> = {}): TDispatchSettingsView => ({
  ackMinutes: DEFAULTS,
  defaults: { ackMinutes: DEFAULTS },
  updatedAt: null,
  updatedBy: null,
  ...over,
});

const VISITS: TVisitSettingsView = {
  visitDays: { high: 30, medium: 90, low: 180 },
  defaults: { visitDays: { high: 30, medium: 90, low: 180 } },
  updatedAt: null,
  updatedBy: null,
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderPage(
  get: () => Reply,
  put: (request: RecordedRequest) => Reply = () => errorReply('NOT_FOUND', 404, 'Not found'),
) {
  server = await startLocalServer((request) => {
    // The page's other section (visit intervals) has its own test.
    if (request.url === '/api/admin/settings/visits') return { status: 200, json: VISITS };
    return request.method === 'GET' ? get() : put(request);
  });
  renderWithProviders(<DispatchSettingsPage />, { baseUrl: server.baseUrl });
}
const puts = () => server!.requests.filter((r) => r.method === 'PUT');

describe('DispatchSettingsPage', () => {
  it('shows the deadlines in force and saves new ones from the keyboard', async () => {
    const saved = view({
      ackMinutes: { P1: 5, P2: 60, P3: 1440 },
      updatedAt: '2025-01-02T03:04:05.000Z',
      updatedBy: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Admin Wang' },
    });
    await renderPage(
      () => ({ status: 200, json: view() }),
      () => ({ status: 200, json: saved }),
    );
    const p1 = await screen.findByLabelText('Red (P1), minutes');
    expect((p1 as HTMLInputElement).value).toBe('10');
    expect(screen.getByText('The defaults are in force.')).toBeTruthy();

    await userEvent.clear(p1);
    await userEvent.type(p1, '5{Enter}');
    expect(await screen.findByText('The settings are saved.')).toBeTruthy();
    expect(puts()[0]?.body).toEqual({ ackMinutes: { P1: 5, P2: 60, P3: 1440 } });
    expect(screen.getByText(/Last changed by Admin Wang/)).toBeTruthy();
  });

  it('marks a deadline that is not a whole number of minutes, or longer than a less urgent one, without saving', async () => {
    await renderPage(() => ({ status: 200, json: view() }));
    const p2 = await screen.findByLabelText('Yellow (P2), minutes');
    await userEvent.clear(p2);
    await userEvent.type(p2, '0');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(p2.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(p2);
    expect(screen.getByText('Enter a whole number of minutes from 1 to 10080.')).toBeTruthy();

    await userEvent.clear(p2);
    await userEvent.type(p2, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText('May not be shorter than the level above it.')).toBeTruthy();
    expect(puts()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Restore the defaults' }));
    expect((p2 as HTMLInputElement).value).toBe('60');
    expect(p2.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows the field the server rejected', async () => {
    await renderPage(
      () => ({ status: 200, json: view() }),
      () =>
        errorReply('VALIDATION_FAILED', 400, 'The body has invalid fields', {
          'ackMinutes.P3': 'At most 10080 minutes (7 days)',
        }),
    );
    await screen.findByLabelText('Blue (P3), minutes');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const p3 = screen.getByLabelText('Blue (P3), minutes');
    expect(await screen.findByText('Please correct the fields marked below.')).toBeTruthy();
    expect(p3.getAttribute('aria-invalid')).toBe('true');
  });

  it('says when the settings cannot be loaded, and retries', async () => {
    let calls = 0;
    await renderPage(() =>
      ++calls === 1
        ? errorReply('INTERNAL', 500, 'Something went wrong')
        : { status: 200, json: view() },
    );
    expect(await screen.findByText(/The settings could not be loaded/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Red (P1), minutes')).toBeTruthy();
  });
});
