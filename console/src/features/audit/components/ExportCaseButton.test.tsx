import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { ExportCaseButton } from './ExportCaseButton';

const CASE_ID = '00000000-0000-4000-8000-00000000e001';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderExport(role: string, language: 'en' | 'zh-CN' = 'en') {
  server = await startLocalServer(() => ({
    status: 200,
    json: { id: CASE_ID.replace('e001', 'f001'), username: role, displayName: role, role },
  }));
  renderWithProviders(
    <AuthProvider>
      <ExportCaseButton caseId={CASE_ID} />
      <p>rendered</p>
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
}

const query = (name: string) =>
  Object.fromEntries(
    new URL(screen.getByRole('link', { name }).getAttribute('href')!, 'http://local').searchParams,
  );

describe('ExportCaseButton', () => {
  it('offers JSON and a printable page, withholding the reporter unless asked, and says it is recorded', async () => {
    await renderExport('supervisor');
    await screen.findByRole('heading', { name: 'Export for police' });
    const json = screen.getByRole('link', { name: 'Download JSON' });
    expect(json.getAttribute('href')).toMatch(new RegExp(`^/api/cases/${CASE_ID}/export\\?`));
    expect(json.hasAttribute('download')).toBe(true);
    expect(query('Download JSON')).toEqual({ format: 'json', reporterIdentity: 'withhold' });
    const html = screen.getByRole('link', { name: 'Printable page (opens in a new tab)' });
    expect(html.getAttribute('target')).toBe('_blank');
    expect(html.getAttribute('rel')).toContain('noopener');
    expect(screen.getByText(/recorded in the audit log/)).toBeTruthy();

    await userEvent.setup().click(screen.getByLabelText('Include the reporter’s identity'));
    expect(query('Download JSON').reporterIdentity).toBe('include');
    expect(query('Printable page (opens in a new tab)')).toEqual({
      format: 'html',
      reporterIdentity: 'include',
      lang: 'en',
    });
  });

  it('is not there for an operator', async () => {
    await renderExport('operator');
    await screen.findByText('rendered');
    // Give the session lookup time to settle before asserting absence.
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.queryByRole('heading', { name: 'Export for police' })).toBeNull();
  });

  it('speaks Chinese', async () => {
    await renderExport('supervisor', 'zh-CN');
    expect(await screen.findByRole('heading', { name: '导出给公安机关' })).toBeTruthy();
    expect(screen.getByText('每次导出都会以您的名义记入审计日志。')).toBeTruthy();
    const printable = screen.getByRole('link', { name: /打印/ }).getAttribute('href')!;
    expect(new URL(printable, 'http://local').searchParams.get('lang')).toBe('zh-CN');
  });
});
