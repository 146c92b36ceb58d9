export const REPORT_FIRST_LOAD_BUDGET: number;
export function reportFirstLoad(dist?: string): { files: string[]; gzip: number };
