import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { STAT_DEFINITIONS, type TStatsSummary } from '@hutong/shared';
import { renderWithProviders } from '../../../test/render';
import { Hotline12345Panel } from './Hotline12345Panel';

const RATINGS: TStatsSummary['hotline12345'] = {
  rated: 4,
  bySatisfaction: {
    very_satisfied: 2,
    satisfied: 1,
    neutral: 0,
    dissatisfied: 1,
    very_dissatisfied: 0,
  },
};

describe('Hotline12345Panel', () => {
  it('shows the ratings as a headline figure and by level, with their definitions', async () => {
    renderWithProviders(<Hotline12345Panel ratings={RATINGS} language="en" />);
    expect(await screen.findByText('The 12345 line')).toBeTruthy();
    expect(screen.getByText('12345 ratings')).toBeTruthy();
    expect(document.querySelector('[data-figure="hotline12345.rated"]')?.textContent).toBe('4');
    expect(screen.getByText(STAT_DEFINITIONS['hotline12345.rated'].definition.en)).toBeTruthy();
    const table = screen.getByRole('table', { name: '12345 satisfaction' });
    const cells = (level: string) =>
      within(within(table).getByRole('rowheader', { name: level }).closest('tr')!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells('Very satisfied')).toEqual(['2', '50%', '']);
    expect(cells('Dissatisfied')).toEqual(['1', '25%', '']);
    expect(cells('Fairly satisfied')).toEqual(['0', '0%', '']);
    expect(within(table).getAllByRole('rowheader')).toHaveLength(5);
    expect(
      screen.getByText(STAT_DEFINITIONS['hotline12345.bySatisfaction'].definition.en),
    ).toBeTruthy();
  });

  it('says when 12345 sent no ratings, without an empty table', async () => {
    const none = {
      rated: 0,
      bySatisfaction: {
        ...RATINGS.bySatisfaction,
        very_satisfied: 0,
        satisfied: 0,
        dissatisfied: 0,
      },
    };
    renderWithProviders(<Hotline12345Panel ratings={none} language="en" />);
    expect(await screen.findByText('12345 sent no ratings in this period.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(document.querySelector('[data-figure="hotline12345.rated"]')?.textContent).toBe('0');
  });

  it('speaks Chinese', async () => {
    renderWithProviders(<Hotline12345Panel ratings={RATINGS} language="zh-CN" />, {
      language: 'zh-CN',
    });
    expect(await screen.findByText('12345 热线')).toBeTruthy();
    expect(screen.getByText('12345 回访评价')).toBeTruthy();
    const table = screen.getByRole('table', { name: '12345 满意度' });
    expect(within(table).getByRole('rowheader', { name: '非常满意' })).toBeTruthy();
    expect(
      screen.getByText(STAT_DEFINITIONS['hotline12345.rated'].definition['zh-CN']),
    ).toBeTruthy();
  });
});
