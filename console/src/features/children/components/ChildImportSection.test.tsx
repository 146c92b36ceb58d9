import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { ChildImportSection } from './ChildImportSection';

const CSV = 'name,sex,age,village_code,categories\n李小花,female,8,440106001001,orphan\n';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const imports = () =>
  server!.requests.filter((r) => r.url.startsWith('/api/admin/children/import'));

describe('ChildImportSection', { timeout: 60_000 }, () => {
  it('checks the file first, then imports it and says how many were registered and skipped', async () => {
    server = await startLocalServer((r) =>
      r.url.endsWith('dryRun=true')
        ? { status: 200, json: { created: 1, skipped: 2, dryRun: true } }
        : { status: 200, json: { created: 1, skipped: 2, dryRun: false } },
    );
    renderWithProviders(<ChildImportSection />, { baseUrl: server.baseUrl });
    const user = userEvent.setup();
    await user.upload(
      screen.getByLabelText('Register file (CSV)'),
      new File([CSV], 'register.csv', { type: 'text/csv' }),
    );
    expect(
      await screen.findByText('1 children to register, 2 already on the register (skipped).'),
    ).toBeTruthy();
    expect(imports()).toHaveLength(1);
    expect(imports()[0]!.body).toBe(CSV);
    expect(imports()[0]!.headers['content-type']).toMatch(/^text\/csv/);

    await user.click(screen.getByRole('button', { name: 'Import 1 child' }));
    expect(await screen.findByText('Imported: 1 children registered, 2 skipped.')).toBeTruthy();
    expect(imports().map((r) => r.url)).toEqual([
      '/api/admin/children/import?dryRun=true',
      '/api/admin/children/import?dryRun=false',
    ]);
  });

  it('lists every problem of a refused file with its line and column, importing nothing', async () => {
    server = await startLocalServer(() =>
      errorReply('VALIDATION_FAILED', 400, 'The register file has 2 problem(s)', {
        problems: [
          { line: 2, field: 'sex', message: 'Use male, female or unknown (男, 女, 未知)' },
          { line: 5, field: 'village_code', message: 'Unknown region code' },
        ],
      }),
    );
    renderWithProviders(<ChildImportSection />, { baseUrl: server.baseUrl });
    const user = userEvent.setup();
    await user.upload(
      screen.getByLabelText('Register file (CSV)'),
      new File([CSV], 'register.csv', { type: 'text/csv' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The file has 2 problems; nothing was imported.');
    const table = screen.getByRole('table');
    const rows = table.querySelectorAll('tbody tr');
    expect([...rows].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      ['2', 'sex', 'Use male, female or unknown (男, 女, 未知)'],
      ['5', 'village_code', 'Unknown region code'],
    ]);
    expect(screen.queryByRole('button', { name: /Import/ })).toBeNull();
    await waitFor(() => expect(imports()).toHaveLength(1));
    expect(imports()[0]!.url).toBe('/api/admin/children/import?dryRun=true');
  });
});
