import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import type { Language, TCaseSummary } from '@hutong/shared';
import { createI18n } from '../../../test/i18n';
import { buildCase } from '../../../test/factories';
import { sortCases } from '../queue-store';
import { QueueTable } from './QueueTable';

const now = Date.parse('2030-01-01T00:10:00.000Z');

function renderTable(cases: TCaseSummary[], language: Language = 'en') {
  const onOpen = vi.fn<(id: string) => void>();
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <QueueTable cases={sortCases(cases)} now={now} onOpen={onOpen} />
    </I18nextProvider>,
  );
  return { onOpen, rows: screen.getAllByRole('row').slice(1) };
}

describe('QueueTable', () => {
  const urgent = buildCase({
    reference: 'HT-P1P1-AAAA',
    priority: 'P1',
    categories: ['sexual_assault_under_14'],
    channel: 'voice',
    children: [{ sex: 'female', age: 6 }],
    claimDeadline: '2030-01-01T00:09:00.000Z',
  });
  const standard = buildCase({
    reference: 'HT-P3P3-AAAA',
    priority: 'P3',
    claimDeadline: '2030-01-01T00:40:00.000Z',
    assignee: { id: '00000000-0000-4000-8000-00000000beef', displayName: 'Operator Two' },
    claimedAt: '2030-01-01T00:05:00.000Z',
    status: 'triaging',
  });
  const advice = buildCase({
    reference: 'HT-P4P4-AAAA',
    priority: 'P4',
    categories: ['information_request'],
    claimDeadline: '2030-01-01T01:40:30.000Z',
  });

  it('shows unclaimed cases first, the most urgent first, with priority in words and its reasons', () => {
    const { rows } = renderTable([advice, standard, urgent]);
    // The claimed P3 sits below the unclaimed P4: somebody already holds it.
    expect(rows.map((row) => within(row).getAllByRole('cell')[1]?.textContent)).toEqual([
      'HT-P1P1-AAAA',
      'HT-P4P4-AAAA',
      'HT-P3P3-AAAA',
    ]);
    expect(rows[0]?.textContent).toContain('P1 Red · urgent');
    expect(rows[1]?.textContent).toContain('P4 Green · advice');
    expect(within(rows[2]!).getAllByRole('cell')[3]?.textContent).toBe(
      'Bullying (sets the priority)',
    );
  });

  it('names the situation once in a row, and names the row by reference, priority and situation', () => {
    const { rows } = renderTable([urgent]);
    const text = rows[0]!.textContent ?? '';
    expect(text.split('Girl under 14 sexually assaulted')).toHaveLength(2);
    expect(rows[0]!.querySelector('.queue__reasons')).toBeNull();
    expect(
      screen.getByRole('row', {
        name: 'HT-P1P1-AAAA, P1 Red · urgent, Girl under 14 sexually assaulted, pregnant or had an abortion',
      }),
    ).toBe(rows[0]);
  });

  it('counts down to the claim deadline and marks a missed one as overdue', () => {
    const { rows } = renderTable([advice, urgent]);
    const overdue = within(rows[0]!).getByText('Overdue by 01:00');
    expect(overdue.className).toContain('countdown--overdue');
    const pending = within(rows[1]!).getByText('1:30:30 left');
    expect(pending.className).not.toContain('countdown--overdue');
  });

  it('says in the row why a case has its priority, keeping to the reasons that set it', () => {
    const danger = buildCase({
      reference: 'HT-DANG-AAAA',
      priority: 'P1',
      priorityReasons: [
        { rule: 'immediate_danger', priority: 'P1' },
        { rule: 'young_child_without_care', age: 2, priority: 'P1' },
        { rule: 'category', category: 'violence_injury', priority: 'P2' },
      ],
    });
    const { rows } = renderTable([danger]);
    const reasons = rows[0]!.querySelector('.queue__reasons')?.textContent;
    expect(reasons).toBe(
      'Why this priority: The reporter said a child is in danger right now; A child aged 2 is without care',
    );
  });

  it('shows the case details and who holds a claimed case', () => {
    const { rows } = renderTable([urgent, standard]);
    expect(rows[0]?.textContent).toContain('Girl under 14 sexually assaulted');
    expect(rows[0]?.textContent).toContain('Phone');
    expect(rows[0]?.textContent).toContain('girl, 6 yrs');
    expect(rows[0]?.textContent).toContain('广东省 › 广州市 › 天河区');
    expect(rows[0]?.textContent).toContain('Unassigned');
    expect(rows[1]?.textContent).toContain('Operator Two');
    expect(rows[1]?.textContent).toContain('Claimed');
    expect(rows[1]?.textContent).toContain('Being assessed');
  });

  it('renders in Chinese', () => {
    const { rows } = renderTable([urgent], 'zh-CN');
    expect(rows[0]?.textContent).toContain('红色 · 紧急');
    expect(rows[0]?.textContent).toContain('已超时 01:00');
    expect(rows[0]?.textContent).toContain('女孩，6岁');
  });

  it('is usable from the keyboard: Tab to a row, arrows to move, Enter to open', async () => {
    const user = userEvent.setup();
    const { rows, onOpen } = renderTable([urgent, standard, advice]);
    await user.tab();
    expect(document.activeElement).toBe(rows[0]);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(rows[2]);
    await user.keyboard('{ArrowUp}{Enter}');
    expect(onOpen).toHaveBeenCalledWith(advice.id);
  });
});
