import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role, TChildFile, TVisit } from '@hutong/shared';
import { buildCaseDetail, uuid } from '../../../test/factories';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { ChildFileRoute } from './ChildFilePage';

const CHILD_ID = '00000000-0000-4000-8000-0000000c0001';
const USER_ID = '00000000-0000-4000-8000-0000000a0001';

const buildFile = (overrides: Partial<TChildFile> = {}): TChildFile => ({
  id: CHILD_ID,
  name: '李小花',
  sex: 'female',
  dateOfBirth: '2018-03-01',
  age: 8,
  region: { code: '440106001001', name: '一村', path: ['天河区', '一镇', '一村'] },
  categories: ['left_behind'],
  riskLevel: 'low',
  lastVisitAt: null,
  nextVisitDue: null,
  overdue: false,
  status: 'open',
  phone: null,
  guardians: [],
  school: '一村小学',
  health: null,
  notes: null,
  risk: { level: 'low', ruleLevel: 'low', reasons: [], raised: null },
  visits: [],
  timeline: [],
  closed: null,
  registeredAt: '2030-01-01T00:00:00.000Z',
  registeredBy: null,
  linkedReports: [],
  ...overrides,
});

// The director's township (一镇) with two villages, and another township's village.
const REGIONS = [
  { code: '440106', name: '天河区', level: 'county', parentCode: null },
  { code: '440106001', name: '一镇', level: 'township', parentCode: '440106' },
  { code: '440106001001', name: '一村', level: 'village', parentCode: '440106001' },
  { code: '440106001002', name: '二村', level: 'village', parentCode: '440106001' },
  { code: '440106002', name: '五镇', level: 'township', parentCode: '440106' },
  { code: '440106002001', name: '五村', level: 'village', parentCode: '440106002' },
];

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The file page against a small server; `override` answers a request before the defaults. */
async function renderFile({
  role = 'child_director',
  file = buildFile(),
  language = 'en',
  path = `/children/${CHILD_ID}`,
  override,
}: {
  role?: Role;
  file?: TChildFile;
  language?: 'en' | 'zh-CN';
  path?: string;
  override?: (r: RecordedRequest) => Reply | undefined;
} = {}) {
  let current = file;
  server = await startLocalServer((r) => {
    const custom = override?.(r);
    if (custom) return custom;
    if (r.url === '/api/auth/me')
      return {
        status: 200,
        json: {
          id: USER_ID,
          username: 'director',
          displayName: 'Director',
          role,
          regionCode: '440106001',
        },
      };
    if (r.url === '/api/regions') return { status: 200, json: { regions: REGIONS } };
    if (r.url.startsWith('/api/warnings'))
      return { status: 200, json: { warnings: [], total: 0, page: 1, pageSize: 20, seq: 0 } };
    if (r.url === `/api/children/${CHILD_ID}` && r.method === 'GET')
      return { status: 200, json: current };
    if (r.url === `/api/children/${CHILD_ID}` && r.method === 'PATCH') {
      current = { ...current, ...(r.body as Partial<TChildFile>) };
      return { status: 200, json: current };
    }
    if (r.url === `/api/children/${CHILD_ID}/close`) {
      const body = r.body as { reason: 'moved_away'; note?: string };
      current = {
        ...current,
        status: 'closed',
        closed: { at: '2030-02-01T00:00:00.000Z', reason: body.reason, note: body.note ?? null },
      };
      return { status: 200, json: current };
    }
    if (r.url === `/api/children/${CHILD_ID}/risk`) {
      const body = r.body as { level: 'high' | 'medium' | null; reason: string };
      if (body.level === null) {
        current = {
          ...current,
          riskLevel: current.risk.ruleLevel,
          risk: { ...current.risk, level: current.risk.ruleLevel, raised: null },
        };
        return { status: 200, json: current };
      }
      current = {
        ...current,
        riskLevel: body.level,
        risk: {
          ...current.risk,
          level: body.level,
          raised: {
            level: body.level,
            reason: body.reason,
            by: { id: USER_ID, displayName: 'Director' },
            at: '2030-02-01T00:00:00.000Z',
          },
        },
      };
      return { status: 200, json: current };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const result = renderWithProviders(
    <AuthProvider>
      <ChildFileRoute />
    </AuthProvider>,
    {
      baseUrl: server.baseUrl,
      language,
      path,
      routePath: '/children/:id',
    },
  );
  await screen.findByRole('heading', { name: /李小花/ });
  return result;
}

const sent = (method: string, url: string) =>
  server!.requests.filter((r) => r.method === method && r.url === url);

// Antd's dialogs and select are slow to drive in jsdom on a busy machine.
describe('ChildFilePage actions', { timeout: 60_000 }, () => {
  it('sends only the changed fields and shows the edited file', async () => {
    await renderFile();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the file' });
    const school = within(dialog).getByLabelText('School');
    await user.clear(school);
    await user.type(school, '二村小学');
    await user.type(within(dialog).getByLabelText('Notes'), 'Grandmother unwell');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent('PATCH', `/api/children/${CHILD_ID}`)).toHaveLength(1));
    expect(sent('PATCH', `/api/children/${CHILD_ID}`)[0]!.body).toEqual({
      school: '二村小学',
      notes: 'Grandmother unwell',
    });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit the file' })).toBeNull());
    expect(screen.getByText('二村小学')).toBeTruthy();
    expect(screen.getByText('Grandmother unwell')).toBeTruthy();
  });

  it('adds the child’s own phone (a 400 on it shown on its field), shows it, and clears it as null', async () => {
    let refuse = true;
    await renderFile({
      override: (r) => {
        if (r.method !== 'PATCH' || !refuse) return undefined;
        refuse = false;
        return errorReply('VALIDATION_FAILED', 400, 'Invalid', {
          phone: 'Not a phone number we can call',
        });
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    let dialog = await screen.findByRole('dialog', { name: 'Edit the file' });
    const phone = within(dialog).getByLabelText('The child’s own phone');
    expect((phone as HTMLInputElement).value).toBe('');
    await user.type(phone, '12');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('Not a phone number we can call')).toBeTruthy();
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    await user.clear(phone);
    await user.type(phone, '139 0000 0002');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(sent('PATCH', `/api/children/${CHILD_ID}`)).toHaveLength(2));
    expect(sent('PATCH', `/api/children/${CHILD_ID}`).map((r) => r.body)).toEqual([
      { phone: '12' },
      { phone: '139 0000 0002' },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit the file' })).toBeNull());
    // On the file, to be dialled from the director's own phone.
    const link = screen.getByRole('link', { name: '139 0000 0002' });
    expect(link.getAttribute('href')).toBe('tel:13900000002');

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    dialog = await screen.findByRole('dialog', { name: 'Edit the file' });
    await user.clear(within(dialog).getByLabelText('The child’s own phone'));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(sent('PATCH', `/api/children/${CHILD_ID}`)).toHaveLength(3));
    expect(sent('PATCH', `/api/children/${CHILD_ID}`)[2]!.body).toEqual({ phone: null });
    await waitFor(() => expect(screen.queryByRole('link', { name: '139 0000 0002' })).toBeNull());
  });

  it("shows a 400's field problem next to its field and keeps the dialog open", async () => {
    await renderFile({
      override: (r) =>
        r.method === 'PATCH'
          ? errorReply('VALIDATION_FAILED', 400, 'Invalid', { name: 'Too long for a name' })
          : undefined,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the file' });
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, '李小华');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await within(dialog).findByText('Too long for a name')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toContain('Check the fields marked.');
    expect(sent('PATCH', `/api/children/${CHILD_ID}`)[0]!.body).toEqual({ name: '李小华' });
  });

  it('closes the file with a reason and a note, then shows it closed without the buttons', async () => {
    await renderFile();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Close file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close the file' });
    await user.click(within(dialog).getByRole('combobox'));
    await user.click(await screen.findByText('Moved away'));
    await user.type(within(dialog).getByLabelText('Note'), 'Family moved to the city');
    await user.click(within(dialog).getByRole('button', { name: 'Close the file' }));

    expect(
      (await screen.findByText(/File closed .*: Moved away/)).closest('[role="status"]'),
    ).toBeTruthy();
    expect(sent('POST', `/api/children/${CHILD_ID}/close`)[0]!.body).toEqual({
      reason: 'moved_away',
      note: 'Family moved to the city',
    });
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('requires a note when the reason is "other"', async () => {
    await renderFile();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Close file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close the file' });
    await user.click(within(dialog).getByRole('combobox'));
    await user.click(await screen.findByText('Other'));
    await user.click(within(dialog).getByRole('button', { name: 'Close the file' }));

    expect(await within(dialog).findByText('Say why the file is closed.')).toBeTruthy();
    expect(sent('POST', `/api/children/${CHILD_ID}/close`)).toHaveLength(0);
  });

  it('offers only the levels above the current one and shows the raised level and reason', async () => {
    await renderFile({
      file: buildFile({
        riskLevel: 'medium',
        risk: { level: 'medium', ruleLevel: 'medium', reasons: [], raised: null },
      }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Raise risk' }));
    const dialog = await screen.findByRole('dialog', { name: 'Raise the risk level' });
    expect(within(dialog).queryByRole('radio', { name: 'Medium risk' })).toBeNull();
    await user.click(within(dialog).getByRole('radio', { name: 'High risk' }));
    await user.type(within(dialog).getByLabelText('Reason'), 'Signs of neglect at the visit');
    await user.click(within(dialog).getByRole('button', { name: 'Raise the level' }));

    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/risk`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/risk`)[0]!.body).toEqual({
      level: 'high',
      reason: 'Signs of neglect at the visit',
    });
    expect(await screen.findByText(/Signs of neglect at the visit/)).toBeTruthy();
    // At the top level there is nothing left to raise to.
    expect(screen.queryByRole('button', { name: 'Raise risk' })).toBeNull();
  });

  it('shows a 403 from the server in the dialog', async () => {
    await renderFile({
      override: (r) =>
        r.url.endsWith('/risk') ? errorReply('FORBIDDEN', 403, 'Outside your region') : undefined,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Raise risk' }));
    const dialog = await screen.findByRole('dialog', { name: 'Raise the risk level' });
    await user.click(within(dialog).getByRole('radio', { name: 'Medium risk' }));
    await user.type(within(dialog).getByLabelText('Reason'), 'Concern');
    await user.click(within(dialog).getByRole('button', { name: 'Raise the level' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Your account is not allowed to do this.');
    expect(screen.getByRole('dialog', { name: 'Raise the risk level' })).toBeTruthy();
  });

  it('shows no change buttons to a role that may only read the file', async () => {
    await renderFile({ role: 'operator' });
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close file' })).toBeNull();
  });

  it('shows an operator the file opened from a case: read only, the call through the case, back to it', async () => {
    const caseId = '00000000-0000-4000-8000-0000000ca5e1';
    const file = buildFile({ guardians: [] });
    await renderFile({
      role: 'operator',
      path: `/children/${CHILD_ID}?case=${caseId}`,
      override: (r) =>
        r.method === 'GET' && r.url === `/api/children/${CHILD_ID}?caseId=${caseId}`
          ? { status: 200, json: file }
          : r.url === `/api/cases/${caseId}`
            ? {
                status: 200,
                json: buildCaseDetail({
                  id: caseId,
                  status: 'in_progress',
                  assignee: { id: USER_ID, displayName: 'Director' },
                }),
              }
            : undefined,
    });
    // The notice needs who is signed in, which may arrive after the file on a loaded machine.
    expect((await screen.findByRole('status')).textContent).toContain(
      'Opened from a case: read only',
    );
    expect(sent('GET', `/api/children/${CHILD_ID}?caseId=${caseId}`)).toHaveLength(1);
    for (const name of ['Edit', 'Close file', 'Raise risk'])
      expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Record a visit' })).toBeNull();
    expect(await screen.findByRole('button', { name: 'Call' })).toBeTruthy();
    const back = screen.getByRole('link', { name: '‹ Back to the case' });
    expect(back.getAttribute('href')).toBe(`/cases/${caseId}`);
    await userEvent.setup().click(back);
    expect(await screen.findByText('case page')).toBeTruthy();
  });

  it("offers an operator no call through a colleague's case, nor through a closed one of theirs", async () => {
    const caseId = '00000000-0000-4000-8000-0000000ca5e2';
    for (const detail of [
      { status: 'in_progress' as const, assignee: { id: uuid(), displayName: 'Colleague' } },
      { status: 'closed' as const, assignee: { id: USER_ID, displayName: 'Director' } },
    ]) {
      let asked = false;
      await renderFile({
        role: 'operator',
        path: `/children/${CHILD_ID}?case=${caseId}`,
        override: (r) => {
          if (r.url === `/api/children/${CHILD_ID}?caseId=${caseId}`)
            return { status: 200, json: buildFile() };
          if (r.url !== `/api/cases/${caseId}`) return undefined;
          asked = true;
          return { status: 200, json: buildCaseDetail({ id: caseId, ...detail }) };
        },
      });
      await waitFor(() => expect(asked).toBe(true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(screen.queryByRole('button', { name: 'Call' })).toBeNull();
      cleanup();
      await server?.close();
      server = undefined;
    }
  });

  it('offers an operator no call on a file not opened from a case', async () => {
    await renderFile({ role: 'operator' });
    expect(screen.queryByRole('button', { name: 'Call' })).toBeNull();
    expect(screen.queryByRole('link', { name: '‹ Register' })).toBeNull();
  });

  it('labels the actions in Chinese', async () => {
    await renderFile({ language: 'zh-CN', role: 'township_supervisor' });
    expect(await screen.findByRole('button', { name: '编辑档案' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /销\s?档/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: '提高风险等级' })).toBeTruthy();
  });

  it('edits the guardians: changes a phone, removes one, adds one, and sends the new list', async () => {
    await renderFile({
      file: buildFile({
        guardians: [
          { relation: 'grandparent', name: '李奶奶', phone: '13800000001', livesWithChild: true },
          { relation: 'mother', name: '王芳', livesWithChild: false, workPlace: '东莞' },
        ],
      }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the file' });
    const phones = within(dialog).getAllByLabelText('Phone');
    expect((phones[0] as HTMLInputElement).value).toBe('13800000001');
    await user.clear(phones[0]!);
    await user.paste('13900000002');
    await user.click(within(dialog).getAllByRole('button', { name: 'Remove' })[1]!);
    await user.click(within(dialog).getByRole('button', { name: 'Add a guardian' }));
    const relations = within(dialog).getAllByLabelText('Relation');
    expect(relations).toHaveLength(2);
    await user.click(relations[1]!);
    await user.click(
      await screen.findByText('Father', { selector: '.ant-select-item-option-content' }),
    );
    await user.click(within(dialog).getAllByLabelText('Guardian’s name')[1]!);
    await user.paste('李爸爸');
    await user.click(within(dialog).getAllByLabelText('Works in (city)')[1]!);
    await user.paste('深圳');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent('PATCH', `/api/children/${CHILD_ID}`)).toHaveLength(1));
    expect(sent('PATCH', `/api/children/${CHILD_ID}`)[0]!.body).toEqual({
      guardians: [
        { relation: 'grandparent', name: '李奶奶', phone: '13900000002', livesWithChild: true },
        { relation: 'father', name: '李爸爸', livesWithChild: false, workPlace: '深圳' },
      ],
    });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit the file' })).toBeNull());
    expect(screen.getByText(/李爸爸/)).toBeTruthy();
    expect(screen.queryByText(/王芳/)).toBeNull();
  }, 180_000);

  it("shows a 400 on a guardian's phone on that guardian's phone field", async () => {
    await renderFile({
      file: buildFile({
        guardians: [{ relation: 'father', name: '李爸爸', livesWithChild: true }],
      }),
      override: (r) =>
        r.method === 'PATCH'
          ? errorReply('VALIDATION_FAILED', 400, 'Invalid', {
              'guardians.0.phone': 'Not a phone number we can call',
            })
          : undefined,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the file' });
    await user.type(within(dialog).getByLabelText('Phone'), '12');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    const message = await within(dialog).findByText('Not a phone number we can call');
    expect(message.closest('[data-guardian="0"]')).toBeTruthy();
    expect(sent('PATCH', `/api/children/${CHILD_ID}`)[0]!.body).toEqual({
      guardians: [{ relation: 'father', name: '李爸爸', phone: '12', livesWithChild: true }],
    });
  });

  it("moves the child to another village of the user's township and gives an age for the date", async () => {
    await renderFile();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the file' });
    await user.click(within(dialog).getByLabelText('Date of birth not known'));
    await user.type(await within(dialog).findByLabelText('Age (years)'), '9');
    const village = within(dialog).getByLabelText('Village or community');
    await user.click(village);
    await user.paste('村');
    // Only the township's villages are offered; the other township's are not in scope.
    await user.click(await screen.findByTitle('二村'));
    expect(screen.queryByTitle('五村')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent('PATCH', `/api/children/${CHILD_ID}`)).toHaveLength(1));
    expect(sent('PATCH', `/api/children/${CHILD_ID}`)[0]!.body).toEqual({
      age: 9,
      regionCode: '440106001002',
    });
  }, 180_000);

  it('clears a raise after confirming with a reason, and the level returns to the rules', async () => {
    await renderFile({
      file: buildFile({
        riskLevel: 'high',
        risk: {
          level: 'high',
          ruleLevel: 'medium',
          reasons: [],
          raised: {
            level: 'high',
            reason: 'Neighbours worried',
            by: { id: USER_ID, displayName: 'Director' },
            at: '2030-01-15T00:00:00.000Z',
          },
        },
      }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Clear the raise' }));
    const dialog = await screen.findByRole('dialog', { name: 'Clear the raised level' });
    expect(within(dialog).getByText(/returns to the rules’ level: Medium risk/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Clear the raise' }));
    expect(await within(dialog).findByText('Fill this in.')).toBeTruthy();
    expect(sent('POST', `/api/children/${CHILD_ID}/risk`)).toHaveLength(0);

    await user.type(
      within(dialog).getByLabelText('Why the raise no longer applies'),
      'Mother came home',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Clear the raise' }));
    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/risk`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/risk`)[0]!.body).toEqual({
      level: null,
      reason: 'Mother came home',
    });
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Clear the raise' })).toBeNull(),
    );
    expect(screen.queryByText(/Neighbours worried/)).toBeNull();
  });
});

describe('ChildFilePage visit photos', { timeout: 60_000 }, () => {
  const VISIT_ID = '00000000-0000-4000-8000-0000000b0001';
  const PHOTO_A = '00000000-0000-4000-8000-0000000f0001';
  const PHOTO_B = '00000000-0000-4000-8000-0000000f0002';
  const CASE_ID = '00000000-0000-4000-8000-0000000ca5e1';
  const visit: TVisit = {
    id: VISIT_ID,
    kind: 'home',
    visitedAt: '2030-01-05T02:00:00.000Z',
    seen: ['child'],
    checklist: {
      guardianPresent: true,
      guardianAble: true,
      childSafe: false,
      enoughFood: true,
      enoughClothing: true,
      attendingSchool: true,
      healthy: true,
      noInjurySigns: false,
      noNeglectSigns: true,
    },
    notes: null,
    by: null,
    recordedAt: '2030-01-05T02:10:00.000Z',
    call: null,
    photos: [
      { id: PHOTO_A, contentType: 'image/jpeg', size: 5 },
      { id: PHOTO_B, contentType: 'image/png', size: 5 },
    ],
  };
  const photoPath = (photoId: string) =>
    `/api/children/${CHILD_ID}/visits/${VISIT_ID}/photos/${photoId}`;

  it('shows each photo from an object URL fetched with the session, opens it larger, and revokes the URLs on leaving', async () => {
    let made = 0;
    const create = vi.fn(() => `blob:thumb-${(made += 1)}`);
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const file = buildFile({ visits: [visit] });
    const result = await renderFile({
      role: 'supervisor',
      path: `/children/${CHILD_ID}?case=${CASE_ID}`,
      file,
      override: (r) => {
        if (r.url === `/api/children/${CHILD_ID}?caseId=${CASE_ID}`)
          return { status: 200, json: file };
        if (r.url === `${photoPath(PHOTO_A)}?caseId=${CASE_ID}`)
          return {
            status: 200,
            bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]),
            type: 'image/jpeg',
          };
        if (r.url.startsWith(photoPath(PHOTO_B)))
          return errorReply('NOT_FOUND', 404, 'No such photo on this visit');
        return undefined;
      },
    });
    const thumb = await screen.findByAltText('Photo 1 of the visit of 5 Jan 2030, 10:00');
    expect(thumb.getAttribute('src')).toBe('blob:thumb-1');
    expect(await screen.findByText('Photo 2 could not be loaded.')).toBeTruthy();
    // Fetched with the session cookie's credentials, through the case the file was opened from.
    expect(sent('GET', `${photoPath(PHOTO_A)}?caseId=${CASE_ID}`)).toHaveLength(1);
    expect(create).toHaveBeenCalledTimes(1);

    const user = userEvent.setup();
    await user.click(
      screen.getByRole('button', { name: 'Photo 1 of the visit of 5 Jan 2030, 10:00' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog)
        .getByRole('img', { name: /Photo 1 of the visit/ })
        .getAttribute('src'),
    ).toBe('blob:thumb-1');
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    expect(revoke).not.toHaveBeenCalled();
    result.unmount();
    expect(revoke).toHaveBeenCalledWith('blob:thumb-1');
  });
});
