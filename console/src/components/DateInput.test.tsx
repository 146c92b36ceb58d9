import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { ReactElement } from 'react';
import type { Language } from '@hutong/shared';
import { AntdProvider } from '../app/AntdProvider';
import { renderWithProviders } from '../test/render';
import { Form } from 'antd';
import {
  BeijingDateTimeInput,
  beijingWallClock,
  DateInput,
  FormBeijingDateTimeInput,
  FormDateInput,
  fromBeijingWallClock,
} from './DateInput';

function Harness({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <label htmlFor="d">Day</label>
      <DateInput id="d" value={value} onChange={setValue} />
      <output>{value || 'none'}</output>
    </>
  );
}

function TimeHarness({ initial }: { initial: string | undefined }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <label htmlFor="t">When</label>
      <BeijingDateTimeInput id="t" value={value} onChange={setValue} />
      <output>{value ?? 'none'}</output>
    </>
  );
}

const show = (ui: ReactElement, language: Language) =>
  renderWithProviders(<AntdProvider>{ui}</AntdProvider>, { language });

describe('DateInput', () => {
  it('writes the date out in Chinese, never as 12/02/2026', () => {
    show(<Harness initial="2026-12-02" />, 'zh-CN');
    expect(screen.getByLabelText<HTMLInputElement>('Day').value).toBe('2026年12月2日');
  });

  it('writes the date out in English with the month in words', () => {
    show(<Harness initial="2026-12-02" />, 'en');
    expect(screen.getByLabelText<HTMLInputElement>('Day').value).toBe('2 Dec 2026');
  });

  it('takes a typed ISO date and clears when emptied', async () => {
    show(<Harness initial="" />, 'en');
    const input = screen.getByLabelText('Day');
    await userEvent.type(input, '2026-03-01');
    await userEvent.tab();
    // The picker takes what was typed when it loses focus, a moment later.
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2026-03-01'));
    await userEvent.clear(input);
    await userEvent.tab();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('none'));
  });
});

describe('BeijingDateTimeInput', () => {
  it('shows and takes Beijing wall-clock time whatever the browser zone', async () => {
    show(<TimeHarness initial="2026-12-02T00:55:00.000Z" />, 'zh-CN');
    const input = screen.getByLabelText<HTMLInputElement>('When');
    expect(input.value).toBe('2026年12月2日 08:55');
    await userEvent.clear(input);
    await userEvent.type(input, '2026-12-03 07:30{Enter}');
    expect(screen.getByRole('status').textContent).toBe('2026-12-02T23:30:00.000Z');
  });

  it('converts between instants and Beijing wall clock', () => {
    expect(beijingWallClock('2026-12-02T17:10:00Z')).toBe('2026-12-03T01:10');
    expect(fromBeijingWallClock('2026-12-03T01:10')).toBe('2026-12-02T17:10:00.000Z');
    expect(beijingWallClock('not a time')).toBeNull();
  });
});

describe('FormDateInput and FormBeijingDateTimeInput in an antd form', () => {
  it('give the form an ISO date and an instant, labelled by the form item', async () => {
    const submitted: Record<string, unknown>[] = [];
    function FormHarness() {
      return (
        <Form
          initialValues={{ when: '2026-12-02T00:55:00.000Z' }}
          onFinish={(values: Record<string, unknown>) => submitted.push(values)}
        >
          <Form.Item name="born" label="Born">
            <FormDateInput max="2026-12-02" />
          </Form.Item>
          <Form.Item name="when" label="When">
            <FormBeijingDateTimeInput />
          </Form.Item>
          <button type="submit">Save</button>
        </Form>
      );
    }
    show(<FormHarness />, 'zh-CN');
    expect(screen.getByLabelText<HTMLInputElement>('When').value).toBe('2026年12月2日 08:55');
    await userEvent.type(screen.getByLabelText('Born'), '2016-03-01');
    await userEvent.tab();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() =>
      expect(submitted).toEqual([{ born: '2016-03-01', when: '2026-12-02T00:55:00.000Z' }]),
    );
  });
});
