import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { renderWithProviders } from '../../../test/render';
import { Board12345 } from './Board12345';

afterEach(cleanup);

describe("the duty board's 12345 line", () => {
  it('counts open orders, those 12345 urged and those past their limit, in both languages', () => {
    renderWithProviders(<Board12345 figures={{ open: 3, urged: 2, overdue: 1 }} />);
    expect(
      screen.getByText('3 12345 work orders open · 2 urged by 12345 · 1 past the time limit'),
    ).toBeTruthy();
    cleanup();
    renderWithProviders(<Board12345 figures={{ open: 1, urged: 0, overdue: 0 }} />, {
      language: 'zh-CN',
    });
    expect(screen.getByText('12345工单 1 件在办')).toBeTruthy();
  });

  it('says nothing when no order is open (or the server sent no figures)', () => {
    const { container } = renderWithProviders(
      <Board12345 figures={{ open: 0, urged: 0, overdue: 0 }} />,
    );
    expect(container.textContent).toBe('');
    cleanup();
    expect(renderWithProviders(<Board12345 figures={undefined} />).container.textContent).toBe('');
  });
});
