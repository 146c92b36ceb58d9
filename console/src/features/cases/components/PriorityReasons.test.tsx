import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Language, PriorityReason } from '@hutong/shared';
import { createI18n } from '../../../test/i18n';
import { PriorityReasons, describePriorityReason } from './PriorityReasons';

const reasons: PriorityReason[] = [
  { rule: 'immediate_danger', priority: 'P1' },
  { rule: 'young_child_without_care', age: 2, priority: 'P1' },
  { rule: 'category', category: 'abandonment_or_no_care', priority: 'P2' },
  { rule: 'default', priority: 'P3' },
];

function describeAll(language: Language): string[] {
  const i18n = createI18n(language);
  return reasons.map((reason) => describePriorityReason(reason, i18n.t, language));
}

describe('describePriorityReason', () => {
  it('renders every rule in plain English', () => {
    expect(describeAll('en')).toEqual([
      'The reporter said a child is in danger right now',
      'A child aged 2 is without care',
      'Situation reported: Abandoned or long without care',
      'No specific risk factor was reported',
    ]);
  });

  it('renders every rule in plain Chinese', () => {
    expect(describeAll('zh-CN')).toEqual([
      '报告人表示儿童正处于危险之中',
      '2岁儿童无人照料',
      '报告的情形：被遗弃或长期无人照料',
      '未报告具体风险因素',
    ]);
  });
});

describe('PriorityReasons', () => {
  it('lists each reason with the level it gives, in the chosen language', () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <PriorityReasons reasons={reasons.slice(0, 1)} />
      </I18nextProvider>,
    );
    expect(screen.getByRole('listitem').textContent).toBe(
      '报告人表示儿童正处于危险之中 (定为红色 · 紧急)',
    );
  });
});
