import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, TCaseDetail, TCaseEvent, TReportView } from '@hutong/shared';
import { formatDateTime } from '../../../lib/format';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { buildCase, buildCaseDetail } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { CaseRoute } from './CasePage';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const colleague = { id: '00000000-0000-4000-8000-00000000beef', displayName: 'Operator Two' };
const mine = { id: me.id, displayName: me.displayName };

function buildReportView(overrides: Partial<TReportView> = {}): TReportView {
  return {
    id: '00000000-0000-4000-8000-0000000000a1',
    reference: 'HT-REPT-0001',
    channel: 'web',
    receivedAt: '2030-01-01T00:00:00.000Z',
    reporter: { type: 'anonymous' },
    children: [{ name: '小明', sex: 'male', age: 8 }],
    categories: ['bullying'],
    immediateDanger: true,
    location: { regionCode: '440106', regionName: '天河区', address: '3号门' },
    narrative: '每天放学后被打。',
    language: 'zh-CN',
    filedBy: null,
    ...overrides,
  };
}

function event(seq: number, type: TCaseEvent['type'], data: Record<string, unknown>): TCaseEvent {
  return {
    seq,
    caseId: '00000000-0000-4000-8000-0000000000c1',
    type,
    actor: colleague,
    data,
    createdAt: '2030-01-01T00:00:00.000Z',
  };
}

function buildDetail(overrides: Partial<TCaseDetail> = {}): TCaseDetail {
  const summary = buildCase({
    id: '00000000-0000-4000-8000-0000000000c1',
    reference: 'HT-VIEW-0001',
    status: 'triaging',
    assignee: mine,
    claimedAt: '2030-01-01T00:01:00.000Z',
    version: 2,
  });
  return buildCaseDetail({
    ...summary,
    reports: [buildReportView()],
    events: [event(1, 'case_opened', { reference: 'HT-REPT-0001', priority: 'P1' })],
    ...overrides,
  });
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderCase(
  detail: () => TCaseDetail,
  {
    handle = () => undefined,
    language = 'en',
  }: { handle?: (request: RecordedRequest) => Reply | undefined; language?: Language } = {},
) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: me };
    const custom = handle(request);
    if (custom) return custom;
    if (request.method === 'GET' && request.url.startsWith('/api/cases/'))
      return { status: 200, json: detail() };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <CaseRoute />
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, path: `/c/${detail().id}`, routePath: '/c/:id', language },
  );
  await screen.findByRole('heading', {
    name: language === 'en' ? 'Case HT-VIEW-0001' : '工单 HT-VIEW-0001',
  });
  await screen.findByRole('heading', { name: language === 'en' ? 'Assessment' : '评估' });
  return server;
}

const patches = () => server!.requests.filter((r) => r.method === 'PATCH');

describe('the case view', { timeout: 20_000 }, () => {
  describe('assessment taken from the reports', () => {
    it('fills in the children and “in danger now” from the report, and saves them when confirmed', async () => {
      let current = buildDetail({
        reports: [
          buildReportView(),
          // A second report about the same child and a sister: the boy is listed once.
          buildReportView({
            id: '00000000-0000-4000-8000-0000000000a2',
            reference: 'HT-REPT-0002',
            immediateDanger: false,
            children: [
              { name: '小明', sex: 'male', age: 8 },
              { name: '小红', sex: 'female', age: 5 },
            ],
          }),
        ],
      });
      await renderCase(() => current, {
        handle: (request) => {
          if (request.method !== 'PATCH') return undefined;
          const body = request.body as { version: number; assessment: TCaseDetail['assessment'] };
          current = {
            ...current,
            version: body.version + 1,
            assessment: body.assessment,
            events: [...current.events, event(9, 'assessment_updated', { changed: ['children'] })],
          };
          return { status: 200, json: current };
        },
      });
      const names = screen.getAllByLabelText<HTMLInputElement>('Name');
      expect(names.map((input) => input.value)).toEqual(['小明', '小红']);
      expect(screen.getAllByLabelText<HTMLInputElement>('Age (years)').map((i) => i.value)).toEqual(
        ['8', '5'],
      );
      expect(screen.getAllByLabelText<HTMLSelectElement>('Sex').map((s) => s.value)).toEqual([
        'male',
        'female',
      ]);
      expect(
        screen.getByLabelText<HTMLInputElement>('The child is in danger right now').checked,
      ).toBe(true);
      expect(screen.getByLabelText<HTMLInputElement>('Address').value).toBe('3号门');
      // Not saved behind the operator's back: it says so, and nothing is sent until confirmed.
      expect(screen.getByText('Taken from the report')).toBeTruthy();
      expect(screen.queryByText('All changes saved')).toBeNull();
      expect(patches()).toHaveLength(0);

      await userEvent.click(screen.getByRole('button', { name: 'Confirm and save' }));
      await waitFor(() => expect(screen.getByText('All changes saved')).toBeTruthy());
      expect(patches()).toHaveLength(1);
      expect(patches()[0]!.body).toEqual({
        version: 2,
        assessment: {
          children: [
            { name: '小明', sex: 'male', age: 8 },
            { name: '小红', sex: 'female', age: 5 },
          ],
          risks: ['immediate_danger'],
          location: { regionCode: '440106', address: '3号门' },
        },
      });
      expect(screen.queryByText('Taken from the report')).toBeNull();
    });

    it('leaves a saved assessment as it was saved, even one without children', async () => {
      await renderCase(() =>
        buildDetail({
          assessment: { guardianship: 'one_parent' },
          events: [event(1, 'assessment_updated', { changed: ['guardianship'] })],
        }),
      );
      expect(screen.queryAllByLabelText('Name')).toHaveLength(0);
      expect(
        screen.getByLabelText<HTMLInputElement>('The child is in danger right now').checked,
      ).toBe(false);
      expect(screen.queryByText('Taken from the report')).toBeNull();
      expect(screen.getByText('All changes saved')).toBeTruthy();
    });
  });

  it('offers “不详” once in the sex list, after a “choose” placeholder', async () => {
    await renderCase(() => buildDetail(), { language: 'zh-CN' });
    const sex = screen.getByLabelText<HTMLSelectElement>('性别');
    const options = within(sex)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['请选择', '女', '男', '不详']);
  });

  it('lays the situations out as whole labels in a grid, one checkbox per cell', async () => {
    await renderCase(() => buildDetail());
    const grids = document.querySelectorAll('.category-group .category-grid');
    expect(grids).toHaveLength(2);
    for (const grid of grids) {
      // A list of cells (the form kit's checklist), each one whole label with one checkbox.
      for (const cell of grid.children) {
        expect(cell.tagName).toBe('LI');
        expect([...cell.children].map((c) => c.tagName)).toEqual(['LABEL']);
        expect(cell.querySelectorAll('input[type=checkbox]')).toHaveLength(1);
      }
    }
    expect(screen.getByLabelText('6. Abandoned or long without care')).toBeTruthy();
  });

  describe('saved state', () => {
    it('while nobody holds the case: a clear claim-to-edit notice, never “all changes saved”', async () => {
      await renderCase(() =>
        buildDetail({
          status: 'new',
          assignee: null,
          claimedAt: null,
          events: [event(1, 'assessment_updated', { changed: ['children'] })],
          assessment: { children: [{ name: '小明' }] },
        }),
      );
      expect(screen.getByText('Read only until you claim this case')).toBeTruthy();
      expect(screen.getByText('Claim this case to edit the assessment.')).toBeTruthy();
      expect(screen.queryByText('All changes saved')).toBeNull();
      expect(screen.getByLabelText('Name').matches(':disabled')).toBe(true);
      expect(screen.getByRole('button', { name: 'Claim this case' })).toBeTruthy();
    });

    it('while a colleague holds it: says who, and shows the report’s children unsaved', async () => {
      await renderCase(() => buildDetail({ assignee: colleague }));
      expect(
        screen.getByText(
          'Operator Two holds this case; only they or a supervisor may change the assessment.',
        ),
      ).toBeTruthy();
      expect(
        screen.getByText(
          'Shown as the report gave them; nothing is saved until the holder confirms.',
        ),
      ).toBeTruthy();
      expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('小明');
      expect(screen.queryByText('All changes saved')).toBeNull();
      expect(screen.queryByRole('button', { name: 'Confirm and save' })).toBeNull();
    });
  });

  describe('timeline', () => {
    const history = [
      event(1, 'case_opened', { reference: 'HT-REPT-0001', priority: 'P3' }),
      event(2, 'report_linked', {
        reference: 'HT-REPT-0002',
        priority: 'P1',
        previousPriority: 'P3',
      }),
      event(3, 'reassigned', {
        previousAssigneeId: colleague.id,
        previousAssigneeName: 'Operator Two',
        assigneeId: me.id,
        assigneeName: 'Operator One',
        from: 'triaging',
        to: 'triaging',
      }),
      event(4, 'referral_created', {
        referralId: '00000000-0000-4000-8000-0000000000f1',
        centreName: '天河区未成年人救助保护中心',
      }),
      event(5, 'referral_updated', {
        referralId: '00000000-0000-4000-8000-0000000000f1',
        from: 'pending',
        to: 'acknowledged',
      }),
      event(6, 'status_changed', { from: 'triaging', to: 'dispatched' }),
    ];

    it('says what changed from what to what, in words', async () => {
      await renderCase(() => buildDetail({ events: history }));
      const timeline = document.querySelector('.timeline') as HTMLElement;
      const text = within(timeline);
      expect(
        text.getByText('Report HT-REPT-0002 · Priority: Blue · standard → Red · urgent'),
      ).toBeTruthy();
      expect(text.getByText('Holder: Operator Two → Operator One')).toBeTruthy();
      expect(text.getByText('Referred to 天河区未成年人救助保护中心')).toBeTruthy();
      expect(
        text.getByText(
          '天河区未成年人救助保护中心 · Referral: Waiting for acknowledgement → Acknowledged',
        ),
      ).toBeTruthy();
      expect(text.getByText('Status: Being assessed → Dispatched')).toBeTruthy();
      // Each entry is timed with the console's one date formatter (Beijing time, lib/format.ts).
      expect(text.getAllByText(formatDateTime('2030-01-01T00:00:00.000Z', 'en'))).toHaveLength(
        history.length,
      );
    });

    it('in Chinese too', async () => {
      await renderCase(() => buildDetail({ events: history }), { language: 'zh-CN' });
      const text = within(document.querySelector('.timeline') as HTMLElement);
      expect(
        text.getByText('天河区未成年人救助保护中心 · 转介状态：等待确认 → 已确认'),
      ).toBeTruthy();
      expect(text.getByText('承办人：Operator Two → Operator One')).toBeTruthy();
      expect(text.getByText('状态：评估中 → 已派发')).toBeTruthy();
      expect(text.getAllByText(formatDateTime('2030-01-01T00:00:00.000Z', 'zh-CN'))).toHaveLength(
        history.length,
      );
    });
  });

  describe('who filed a report', () => {
    it('names the organisation that filed an API report', async () => {
      await renderCase(() =>
        buildDetail({
          reports: [
            buildReportView({
              channel: 'api',
              filedBy: { orgId: '00000000-0000-4000-8000-0000000000e1', name: '天河区第一小学' },
            }),
          ],
        }),
      );
      const report = screen.getByRole('article', { name: 'Report HT-REPT-0001' });
      expect(within(report).getByText('Partner API')).toBeTruthy();
      expect(within(report).getByText('Filed by')).toBeTruthy();
      expect(within(report).getByText('天河区第一小学')).toBeTruthy();
    });

    it('says only that an organisation filed it when its name is withheld', async () => {
      await renderCase(() =>
        buildDetail({
          reports: [buildReportView({ channel: 'api', filedBy: { redacted: true } })],
        }),
      );
      expect(screen.getByText('An organisation (confidential)')).toBeTruthy();
    });
  });
});
