import type { TRegion } from '@hutong/shared';

/** The codes from the province down to `code` (the picker's value), or [] when unknown. */
export function regionPath(regions: readonly TRegion[], code: string): string[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const path: string[] = [];
  let at = byCode.get(code);
  while (at) {
    path.unshift(at.code);
    at = at.parentCode === null ? undefined : byCode.get(at.parentCode);
  }
  return path;
}

/** `广东省 › 广州市 › 天河区` for a code, or the code itself when unknown. */
export function regionName(regions: readonly TRegion[], code: string): string {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const names = regionPath(regions, code).map((c) => byCode.get(c)!.name);
  return names.length > 0 ? names.join(' › ') : code;
}
