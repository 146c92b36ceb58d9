import type { TFunction } from 'i18next';
import type { Sex } from '@hutong/shared';

/** "girl, 7 yrs" / "女孩，7岁": what an operator needs to picture the child, nothing identifying. */
export function childLabel(
  child: { sex?: Sex | null | undefined; age?: number | null | undefined },
  t: TFunction,
): string {
  const sex = t(`sex.${child.sex ?? 'unknown'}`);
  const age =
    child.age === null || child.age === undefined
      ? t('age.unknown')
      : t('age.years', { age: String(child.age) });
  return `${sex}${t('list.separator')}${age}`;
}
