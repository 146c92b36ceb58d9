import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { RegionLevel, TRegion } from '@hutong/shared';

interface RegionNode {
  value: string;
  title: string;
  selectable?: boolean;
  children?: RegionNode[];
}

/** The regions at and under `root` (all of them without one): a user's scope. */
export function regionsWithin(regions: readonly TRegion[], root: string | null): TRegion[] {
  if (!root) return [...regions];
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const under = (r: TRegion): boolean => {
    for (
      let at: TRegion | undefined = r;
      at;
      at = at.parentCode ? byCode.get(at.parentCode) : undefined
    )
      if (at.code === root) return true;
    return false;
  };
  return regions.filter(under);
}

/**
 * The flat region list as a tree, province first, siblings in code order; with `only`, regions
 * of other levels are shown (to find the way down) but cannot be picked.
 */
function regionTree(regions: readonly TRegion[], only?: RegionLevel): RegionNode[] {
  const children = new Map<string | null, TRegion[]>();
  const known = new Set(regions.map((r) => r.code));
  for (const region of regions) {
    // A region whose parent is not in the list is shown at the top rather than lost.
    const parent =
      region.parentCode !== null && known.has(region.parentCode) ? region.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), region]);
  }
  const build = (parent: string | null): RegionNode[] =>
    (children.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((region) => {
        const below = build(region.code);
        return {
          value: region.code,
          title: region.name,
          ...(only && region.level !== only ? { selectable: false } : {}),
          ...(below.length > 0 ? { children: below } : {}),
        };
      });
  return build(null);
}

/**
 * Picks regions from the region tree with search (antd TreeSelect). `checkable`: several regions,
 * where checking a township or county selects it whole and the value keeps only that code (its
 * villages are covered through it). Otherwise one region, or none.
 */
export function RegionTreeSelect({
  id,
  regions,
  value,
  onChange,
  checkable = false,
  placeholder,
  invalid,
  describedBy,
  only,
}: {
  id: string;
  regions: readonly TRegion[];
  value: string[];
  onChange: (codes: string[]) => void;
  checkable?: boolean;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string | undefined;
  /** Only regions of this level may be picked (a child's village). */
  only?: RegionLevel;
}) {
  const treeData = useMemo(() => regionTree(regions, only), [regions, only]);
  const common = {
    id,
    treeData,
    showSearch: true,
    allowClear: true,
    placeholder,
    treeNodeFilterProp: 'title',
    status: invalid ? ('error' as const) : undefined,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    style: { width: '100%' },
    popupMatchSelectWidth: false,
  };
  if (checkable) {
    return (
      <TreeSelect<string[]>
        {...common}
        multiple
        treeCheckable
        showCheckedStrategy={TreeSelect.SHOW_PARENT}
        value={value}
        onChange={(codes) => onChange(codes)}
      />
    );
  }
  return (
    <TreeSelect<string | undefined>
      {...common}
      value={value[0]}
      onChange={(code) => onChange(code ? [code] : [])}
    />
  );
}
