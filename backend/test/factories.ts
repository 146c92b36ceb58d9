import type { TCreateReport } from '@hutong/shared';

/** A valid report body; override any field. */
export function buildReport(overrides: Partial<TCreateReport> = {}): TCreateReport {
  return {
    reporter: { type: 'person', name: '张老师', phone: '+8613800000001', relationship: 'teacher' },
    children: [{ name: '小明', sex: 'male', age: 9 }],
    categories: ['violence_injury'],
    immediateDanger: false,
    location: { regionCode: '440106001001', address: '五山路1号' },
    narrative: '孩子身上多处淤青，说是在家里被打的。',
    language: 'zh-CN',
    ...overrides,
  };
}
