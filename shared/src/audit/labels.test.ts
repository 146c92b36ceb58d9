import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../reports/constants.js';
import { AUDIT_ACTIONS } from './actions.js';
import { AUDIT_ACTION_LABEL, auditActionLabel, auditDetails } from './labels.js';

describe('audit action labels', () => {
  it('has a label in every language for every action the log may record, none shared', () => {
    for (const language of LANGUAGES) {
      const labels = AUDIT_ACTIONS.map((action) => AUDIT_ACTION_LABEL[action]?.[language]);
      const missing = AUDIT_ACTIONS.filter((_, i) => !labels[i]?.trim());
      expect(missing, `actions without a ${language} label`).toEqual([]);
      expect(new Set(labels).size).toBe(AUDIT_ACTIONS.length);
    }
    expect(Object.keys(AUDIT_ACTION_LABEL).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('shows an action it does not know as written', () => {
    expect(auditActionLabel('case.sms.read', 'zh-CN')).toBe('查看短信对话');
    expect(auditActionLabel('legacy.thing', 'en')).toBe('legacy.thing');
  });
});

describe('auditDetails', () => {
  it('is empty for empty details', () => {
    expect(auditDetails({}, 'zh-CN')).toEqual([]);
  });

  it('shows the names it is given for ids, and an id it has no name for as written', () => {
    const person = '18f8e3f1-d966-4bc5-a61f-4cc7e960e515';
    const centre = 'd526debb-70bc-4ae2-a4e9-c245fe1dc0be';
    const unknown = '00000000-0000-4000-8000-000000000000';
    const names = { [person]: '接线员 王芳', [centre]: '广州市未成年人救助保护中心' };
    expect(
      auditDetails(
        { before: { assigneeId: null }, after: { assigneeId: person }, centreId: centre },
        'zh-CN',
        names,
      ),
    ).toEqual([
      { key: 'assigneeId', label: '承办人', value: '— → 接线员 王芳' },
      { key: 'centreId', label: '机构', value: '广州市未成年人救助保护中心' },
    ]);
    expect(auditDetails({ centreId: unknown }, 'en', names)).toEqual([
      { key: 'centreId', label: 'centre', value: unknown },
    ]);
  });

  it('words keys, labels codes, and folds before/after into from → to', () => {
    expect(
      auditDetails(
        { before: { status: 'triaging' }, after: { status: 'in_progress' }, via: 'operator' },
        'zh-CN',
      ),
    ).toEqual([
      { key: 'status', label: '状态', value: '评估中 → 处置中' },
      { key: 'via', label: '途径', value: 'operator' },
    ]);
    expect(auditDetails({ before: null, after: { priority: 'P1', active: true } }, 'en')).toEqual([
      { key: 'priority', label: 'risk level', value: 'P1 Red · urgent' },
      { key: 'active', label: 'active', value: 'yes' },
    ]);
  });

  it('shows booleans, lists, nested filters and times in the reader’s words', () => {
    const lines = auditDetails(
      {
        reporterIdentityShown: false,
        reportIds: ['a', 'b'],
        filter: { action: 'case.read', from: '2026-12-02T00:55:00.000Z' },
      },
      'zh-CN',
    );
    expect(lines.map((l) => `${l.label}：${l.value}`)).toEqual([
      '显示报告人身份：否',
      '报告：a、b',
      '筛选条件：action: case.read; from: 2026年12月2日 08:55',
    ]);
    expect(JSON.stringify(lines)).not.toContain('{}');
  });
});
