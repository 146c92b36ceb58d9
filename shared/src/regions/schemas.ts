import { z } from 'zod';

export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const ZRegion = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentCode: z.string().nullable(),
});
export type TRegion = z.infer<typeof ZRegion>;

/** A region as shown on a case: its name, and `path` = every name from the province down to and including it. */
export const ZRegionRef = z.object({
  code: z.string(),
  name: z.string(),
  path: z.array(z.string()),
});
export type TRegionRef = z.infer<typeof ZRegionRef>;
