import { describe, expect, it } from 'vitest';
import { REPORT_FIRST_LOAD_BUDGET, reportFirstLoad } from './report-bundle.mjs';

describe('the public report page on a slow phone', () => {
  it('loads no more JavaScript than before the console adopted a component library', () => {
    const { files, gzip } = reportFirstLoad();
    expect(files.some((file) => file.includes('ReportPage'))).toBe(true);
    // The operators' console (Ant Design, Socket.IO) is never part of the first load.
    expect(files.filter((file) => /ConsoleLayout|AntdProvider|socket/i.test(file))).toEqual([]);
    expect(gzip).toBeLessThanOrEqual(REPORT_FIRST_LOAD_BUDGET);
  });
});
