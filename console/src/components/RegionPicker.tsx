import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { REGION_LEVELS } from '@hutong/shared';
import type { TRegion } from '@hutong/shared';
import { SelectField } from './form-kit';

/** Cascading selects, province › city › county › township › village; each appears once its parent is chosen. */
export function RegionPicker({
  regions,
  value,
  onChange,
  describedBy,
  invalid,
  idPrefix = 'report-region',
}: {
  regions: readonly TRegion[];
  value: readonly string[];
  onChange: (path: string[]) => void;
  describedBy?: string | undefined;
  /** The place has an error (shown below the picker, named by `describedBy`). */
  invalid?: boolean | undefined;
  /** Level i's select is `<idPrefix>-<i>`. */
  idPrefix?: string;
}) {
  const { t } = useTranslation();
  const byParent = useMemo(() => {
    const map = new Map<string | null, TRegion[]>();
    for (const region of regions) {
      const siblings = map.get(region.parentCode) ?? [];
      siblings.push(region);
      map.set(region.parentCode, siblings);
    }
    for (const siblings of map.values()) siblings.sort((a, b) => a.code.localeCompare(b.code));
    return map;
  }, [regions]);

  // Level i lists the children of the region chosen at level i - 1 (the roots for i = 0).
  const levels: { options: TRegion[]; selected: string }[] = [];
  for (let i = 0; i < REGION_LEVELS.length; i += 1) {
    const parent = i === 0 ? null : value[i - 1];
    if (parent === undefined) break;
    const options = byParent.get(parent) ?? [];
    if (options.length === 0) break;
    levels.push({ options, selected: value[i] ?? '' });
  }

  return (
    <div className="region-picker">
      {levels.map(({ options, selected }, index) => {
        const level = options[0]?.level ?? REGION_LEVELS[index] ?? 'village';
        const id = `${idPrefix}-${index}`;
        return (
          <SelectField
            key={id}
            id={id}
            label={t(`report.location.levels.${level}`)}
            value={selected}
            unset={t('report.location.choose')}
            options={options.map((region) => ({ value: region.code, label: region.name }))}
            invalid={invalid}
            describedBy={describedBy}
            onChange={(code) => {
              const next = value.slice(0, index);
              if (code !== '') next.push(code);
              onChange(next);
            }}
          />
        );
      })}
    </div>
  );
}
