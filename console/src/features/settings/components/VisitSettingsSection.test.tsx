import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TVisitSettingsView } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { VisitSettingsSection } from './VisitSettingsSection';

const DEFAULTS = { high: 30, medium: 90, low: 180 };
const view = (over: Partial<TVisitSettingsView> = {}): TVisitSettingsView => ({
  visitDays: DEFAULTS,
  defaults: { visitDays: DEFAULTS },
  updatedAt: null,
  updatedBy: null,
  ...over,
});

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderSection(
  put: (request: RecordedRequest) => Reply | Promise<Reply>,
  {
    language = 'en',
    get = (): Reply => ({ status: 200, json: view() }),
  }: { language?: 'en' | 'zh-CN'; get?: () => Reply } = {},
) {
  server = await startLocalServer((request) =>
    request.url !== '/api/admin/settings/visits'
      ? errorReply('NOT_FOUND', 404, 'Not found')
      : request.method === 'GET'
        ? get()
        : put(request),
  );
  renderWithProviders(<VisitSettingsSection />, {
    baseUrl: server.baseUrl,
    language,
  });
}
const puts = () => server!.requests.filter((r) => r.method === 'PUT');

describe('VisitSettingsSection', () => {
  it('reads the intervals in force and saves new ones, saying so while it saves', async () => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const saved = view({
      visitDays: { high: 14, medium: 90, low: 180 },
      updatedAt: '2030-01-02T03:04:05.000Z',
      updatedBy: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Admin Wang' },
    });
    await renderSection(async () => {
      await answered;
      return { status: 200, json: saved };
    });
    const high = await screen.findByLabelText<HTMLInputElement>('High risk, days');
    expect(high.value).toBe('30');
    expect(screen.getByLabelText<HTMLInputElement>('Low risk, days').value).toBe('180');
    expect(screen.getByText('The default intervals are in force.')).toBeTruthy();

    await userEvent.clear(high);
    await userEvent.type(high, '14{Enter}');
    const busy = await screen.findByRole('button', { name: 'Saving…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    release();
    expect(await screen.findByText('The visit intervals are saved.')).toBeTruthy();
    expect(puts()[0]?.body).toEqual({ visitDays: { high: 14, medium: 90, low: 180 } });
    expect(screen.getByText(/Last changed by Admin Wang/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save visit intervals' })).toBeTruthy();
  });

  it('shows a 400 on the field the server names, and focuses it', async () => {
    await renderSection(() =>
      errorReply('VALIDATION_FAILED', 400, 'The body has invalid fields', {
        'visitDays.medium': 'May not be shorter than high risk',
      }),
    );
    await screen.findByLabelText('Medium risk, days');
    await userEvent.click(screen.getByRole('button', { name: 'Save visit intervals' }));
    expect(
      await screen.findByText('May not be shorter than the interval for a higher risk.'),
    ).toBeTruthy();
    const medium = screen.getByLabelText('Medium risk, days');
    expect(medium.getAttribute('aria-invalid')).toBe('true');
    expect(medium.getAttribute('aria-describedby')).toContain('visit-days-medium-error');
    expect(document.activeElement).toBe(medium);
    expect(screen.getByLabelText('High risk, days').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('Please correct the fields marked below.');
  });

  it('checks whole days in range before sending anything', async () => {
    await renderSection(() => ({ status: 200, json: view() }));
    const low = await screen.findByLabelText('Low risk, days');
    await userEvent.clear(low);
    await userEvent.type(low, '1000');
    await userEvent.click(screen.getByRole('button', { name: 'Save visit intervals' }));
    expect(screen.getByText('Enter a whole number of days from 1 to 730.')).toBeTruthy();
    expect(low.getAttribute('aria-invalid')).toBe('true');
    expect(puts()).toEqual([]);
  });

  it('speaks Chinese', async () => {
    await renderSection(() => ({ status: 200, json: view() }), { language: 'zh-CN' });
    expect(await screen.findByLabelText('高风险，天')).toBeTruthy();
    expect(screen.getByRole('button', { name: '保存走访周期' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '在档儿童走访周期' })).toBeTruthy();
  });

  it('says when the intervals cannot be loaded, and retries', async () => {
    let calls = 0;
    await renderSection(() => ({ status: 200, json: view() }), {
      get: () =>
        ++calls === 1
          ? errorReply('INTERNAL', 500, 'Something went wrong')
          : { status: 200, json: view() },
    });
    expect(await screen.findByText(/The visit intervals could not be loaded/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('High risk, days')).toBeTruthy();
  });
});
