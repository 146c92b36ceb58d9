import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { ReportPage } from './ReportPage';

const regions = [
  { code: '440000', name: '广东省', level: 'province', parentCode: null },
  { code: '440100', name: '广州市', level: 'city', parentCode: '440000' },
  { code: '440106', name: '天河区', level: 'county', parentCode: '440100' },
  { code: '440300', name: '深圳市', level: 'city', parentCode: '440000' },
];
const created = {
  id: '00000000-0000-4000-8000-0000000000aa',
  reference: 'HT-7K3F-9QX2',
  receivedAt: '2030-01-01T08:00:00.000Z',
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const profile = {
  org: { id: '00000000-0000-4000-8000-0000000000b1', name: '天河区第一小学' },
  reporter: { displayName: '刘老师' },
};

async function renderReport(
  onReport: (request: RecordedRequest) => Reply,
  language: 'en' | 'zh-CN' = 'en',
  signedIn = false,
) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/regions') return { status: 200, json: { regions } };
    if (request.url === '/api/org/profile') {
      return signedIn
        ? { status: 200, json: profile }
        : errorReply('UNAUTHENTICATED', 401, 'Sign in first');
    }
    if (request.url === '/api/reports' && request.method === 'POST') return onReport(request);
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const view = renderWithProviders(<ReportPage />, { baseUrl: server.baseUrl, language });
  // The region list arrives first; the form is complete once the picker shows.
  await waitFor(() => expect(document.getElementById('report-region-0')).not.toBeNull());
  return view;
}

const reportRequests = () => server!.requests.filter((r) => r.url === '/api/reports');

async function fillMinimum(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByLabelText('Bullying'));
  await user.click(screen.getByLabelText('No'));
}

describe('ReportPage', () => {
  it('puts the call-110 notice first, in the chosen language', async () => {
    await renderReport(() => ({ status: 201, json: created }), 'zh-CN');
    expect(screen.getByText('如果儿童正处于危险之中，请立即拨打110。')).toBeTruthy();
  });

  it('checks the form with the shared schema before sending anything', async () => {
    const user = userEvent.setup();
    await renderReport(() => ({ status: 201, json: created }));
    await user.type(screen.getByLabelText('Age (years)'), '7.5');
    await user.click(screen.getByRole('button', { name: 'Send report' }));

    const summary = screen.getAllByRole('alert')[0]!;
    expect(summary.textContent).toContain('Choose at least one situation.');
    expect(summary.textContent).toContain('Answer whether a child is in danger right now.');
    expect(document.activeElement).toBe(summary);
    const age = screen.getByLabelText('Age (years)');
    expect(age.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(age.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Age must be a whole number from 0 to 17.',
    );
    // The danger question is a group: its error under the legend names the fieldset and marks
    // its radios; the summary's link moves the focus to the first answer.
    const danger = screen.getByRole('group', { name: /Is a child in danger right now/ });
    const dangerError = document.getElementById(danger.getAttribute('aria-describedby')!);
    expect(dangerError?.textContent).toBe('Answer whether a child is in danger right now.');
    const yes = within(danger).getByRole('radio', { name: 'Yes' });
    expect(yes.getAttribute('aria-invalid')).toBe('true');
    await user.click(within(summary).getByRole('link', { name: /Answer whether a child/ }));
    expect(document.activeElement).toBe(yes);
    expect(reportRequests()).toHaveLength(0);
  });

  it('maps the server’s field errors back onto the fields by path', async () => {
    const user = userEvent.setup();
    await renderReport(() =>
      errorReply('VALIDATION_FAILED', 400, 'Invalid report', {
        'children.0.age': 'Too big: expected number to be <=17',
        'reporter.name': 'Name not accepted',
      }),
    );
    await fillMinimum(user);
    await user.click(screen.getByLabelText('I report as a person'));
    await user.type(screen.getByLabelText('Your name'), 'Li');
    await user.type(screen.getByLabelText('Age (years)'), '12');
    await user.click(screen.getByRole('button', { name: 'Send report' }));

    await waitFor(() => expect(reportRequests()).toHaveLength(1));
    const age = await screen.findByLabelText('Age (years)');
    await waitFor(() => expect(age.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(age.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Age must be a whole number from 0 to 17.',
    );
    const name = screen.getByLabelText('Your name');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Name not accepted',
    );
  });

  it('sends a valid report and shows the reference number, then starts a new one', async () => {
    const user = userEvent.setup();
    await renderReport(() => ({ status: 201, json: created }));
    await user.click(screen.getByLabelText('Organised to beg'));
    await user.click(screen.getByLabelText('Yes'));
    await user.selectOptions(await screen.findByLabelText('Province'), '440000');
    await user.selectOptions(screen.getByLabelText('City'), '440100');
    await user.type(screen.getByLabelText('Address or landmark'), 'Near the station');
    await user.type(screen.getByLabelText('What happened?'), 'A child begging at night.');
    await user.click(screen.getByRole('button', { name: 'Send report' }));

    const heading = await screen.findByRole('heading', { name: 'Report received' });
    // Focus moves in an effect after the receipt is drawn (seen drawn but not yet focused in CI).
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByTestId('report-reference').textContent).toBe('HT-7K3F-9QX2');

    const [request] = reportRequests();
    expect(request?.headers['idempotency-key']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(request?.body).toEqual({
      reporter: { type: 'anonymous' },
      children: [{}],
      categories: ['organised_begging'],
      immediateDanger: true,
      location: { regionCode: '440100', address: 'Near the station' },
      narrative: 'A child begging at night.',
      language: 'en',
    });

    await user.click(screen.getByRole('button', { name: 'Submit another report' }));
    expect(screen.getByLabelText<HTMLInputElement>('Organised to beg').checked).toBe(false);
    expect(document.activeElement).toBe(
      screen.getByRole('heading', { name: 'Report a concern about a child' }),
    );
  }, 30_000);

  it('sends consent to a text on resolution only with a phone number, and says why not', async () => {
    const user = userEvent.setup();
    await renderReport(() => ({ status: 201, json: created }));
    await fillMinimum(user);
    expect(screen.queryByLabelText('Text me at this number when the case is resolved')).toBeNull();
    await user.click(screen.getByLabelText('I report as a person'));
    const consent = screen.getByLabelText('Text me at this number when the case is resolved');
    await user.click(consent);
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    const message = 'Give your phone number to be texted, or untick the box.';
    expect(screen.getAllByRole('alert')[0]!.textContent).toContain(message);
    expect(consent.getAttribute('aria-invalid')).toBe('true');
    expect(reportRequests()).toHaveLength(0);

    await user.type(screen.getByLabelText('Phone number'), '138 0013 8000');
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    await screen.findByRole('heading', { name: 'Report received' });
    expect(reportRequests()[0]?.body).toMatchObject({
      reporter: { type: 'person', phone: '138 0013 8000' },
      notifyWhenResolved: true,
    });
  });

  it('leaves consent out when the reporter does not tick it', async () => {
    const user = userEvent.setup();
    await renderReport(() => ({ status: 201, json: created }), 'zh-CN');
    await user.click(screen.getByLabelText('校园欺凌'));
    await user.click(screen.getByLabelText('否'));
    await user.click(screen.getByLabelText(/以个人身份/));
    expect(screen.getByLabelText('案件办结时发短信告诉我')).toBeTruthy();
    await user.type(screen.getByLabelText('电话号码'), '13800138000');
    await user.click(screen.getByRole('button', { name: '提交报告' }));
    await waitFor(() => expect(reportRequests()).toHaveLength(1));
    expect(reportRequests()[0]?.body).not.toHaveProperty('notifyWhenResolved');
  });

  it('retries after a network failure with the same Idempotency-Key', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    await renderReport(() => {
      attempts += 1;
      return attempts === 1 ? { destroy: true } : { status: 201, json: created };
    });
    await fillMinimum(user);
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    const summary = await screen.findByText(/The server cannot be reached/);
    expect(
      within(summary.closest('[role="alert"]') as HTMLElement).getByText(
        /will not create a duplicate/,
      ),
    ).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Send report' }));
    await screen.findByRole('heading', { name: 'Report received' });
    const keys = reportRequests().map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('uses a new Idempotency-Key for the next report after a success', async () => {
    const user = userEvent.setup();
    await renderReport(() => ({ status: 201, json: created }));
    await fillMinimum(user);
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    await user.click(await screen.findByRole('button', { name: 'Submit another report' }));
    await fillMinimum(user);
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    await screen.findByRole('heading', { name: 'Report received' });
    const keys = reportRequests().map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('files a signed-in reporter’s report for their organisation, with no anonymous choice', async () => {
    const user = userEvent.setup();
    await renderReport(() => ({ status: 201, json: created }), 'zh-CN', true);
    expect(screen.getByTestId('filed-for').textContent).toContain('以 天河区第一小学 名义提交');
    expect(screen.queryByLabelText('匿名报告')).toBeNull();
    expect(document.querySelector('input[name="reporterType"]')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('您的姓名').value).toBe('刘老师');
    await user.click(screen.getByLabelText('校园欺凌'));
    await user.click(screen.getByLabelText('否'));
    await user.type(screen.getByLabelText('电话号码'), '0751-5321110');
    await user.click(screen.getByRole('button', { name: '提交报告' }));
    await screen.findByRole('heading', { name: '报告已收到' });
    expect(reportRequests()[0]?.body).toMatchObject({
      reporter: {
        type: 'organisation',
        orgName: '天河区第一小学',
        name: '刘老师',
        phone: '0751-5321110',
      },
    });
  }, 30_000);

  it('offers the public the anonymous choice when nobody is signed in', async () => {
    await renderReport(() => ({ status: 201, json: created }));
    expect(screen.queryByTestId('filed-for')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Stay anonymous').checked).toBe(true);
  });

  it('tells a reporter whose organisation is inactive that the report went in as a public one', async () => {
    const user = userEvent.setup();
    await renderReport(() => ({
      status: 201,
      json: { ...created, lookupCode: 'ABCD2345EF', notice: 'org_inactive' },
    }));
    await fillMinimum(user);
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    await screen.findByRole('heading', { name: 'Report received' });
    expect(screen.getByText(/filed as an ordinary public report/)).toBeTruthy();
    expect(screen.getByTestId('report-reference').textContent).toBe('HT-7K3F-9QX2');
  });
});
