import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { renderWithProviders } from '../test/render';
import { RadioGroup } from './form-kit';

type Answer = 'yes' | 'no' | 'unknown';

function Harness({ error }: { error?: string }) {
  const [value, setValue] = useState<Answer | ''>('');
  return (
    <>
      <RadioGroup
        id="q"
        name="q"
        legend="Is anyone with the child?"
        required
        hint="Answer what you know."
        error={error}
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
          { value: 'unknown', label: 'I do not know' },
        ]}
        value={value}
        onChange={setValue}
      >
        {value === 'no' && <p>Call 110 now.</p>}
      </RadioGroup>
      <output>{value || 'none'}</output>
    </>
  );
}

describe('RadioGroup', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is a group named by its legend, described by its hint, each radio named by its label', () => {
    renderWithProviders(<Harness />);
    const group = screen.getByRole('group', { name: /Is anyone with the child\?/ });
    expect(group.tagName).toBe('FIELDSET');
    expect(within(group).getByText(/required/)).toBeTruthy();
    expect(document.getElementById(group.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Answer what you know.',
    );
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(['yes', 'no', 'unknown']);
    expect(radios[0]!.id).toBe('q');
    expect(radios.every((r) => r.getAttribute('name') === 'q')).toBe(true);
    expect(radios.some((r) => r.getAttribute('aria-invalid'))).toBe(false);
  });

  it('chooses by click and by arrow keys, and shows what a choice opens', async () => {
    // user-event walks a radio group with CSS.escape, which jsdom lacks (browsers have it).
    if (!globalThis.CSS?.escape) {
      vi.stubGlobal('CSS', { escape: (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`) });
    }
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    await user.click(screen.getByLabelText('Yes'));
    expect(screen.getByRole('status').textContent).toBe('yes');
    expect(screen.queryByText('Call 110 now.')).toBeNull();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('status').textContent).toBe('no');
    expect(screen.getByLabelText<HTMLInputElement>('No').checked).toBe(true);
    expect(screen.getByText('Call 110 now.')).toBeTruthy();
  });

  it('shows its error under the legend, names it from the group and marks every radio invalid', () => {
    renderWithProviders(<Harness error="Answer the question." />);
    const group = screen.getByRole('group', { name: /Is anyone with the child\?/ });
    const described = group.getAttribute('aria-describedby')!.split(' ');
    expect(described).toEqual(['q-error', 'q-hint']);
    expect(document.getElementById('q-error')?.textContent).toBe('Answer the question.');
    const radios = within(group).getAllByRole('radio');
    expect(radios.every((r) => r.getAttribute('aria-invalid') === 'true')).toBe(true);
  });
});
