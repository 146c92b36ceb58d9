import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { request } from '../backend/test/http.js';
import { serverAndBrowser, signIn } from './support/browser.js';
import { SHINAN } from './support/phone.js';

const HEADER =
  'name,sex,date_of_birth,age,village_code,categories,guardian1_relation,guardian1_name,guardian1_lives_with_child';
const GOOD = [
  `导入甲,male,2015-04-02,,${SHINAN},left_behind,grandparent,甲奶奶,yes`,
  `导入乙,female,,9,${SHINAN},orphan,institution,温泉镇福利院,yes`,
];
// Lines 3 and 4 of the file: an unknown sex; a birth date that is no date.
const BAD = [
  `导入丙,x,2016-01-05,,${SHINAN},left_behind,grandparent,丙奶奶,yes`,
  `导入丁,female,2016-02-31,,${SHINAN},left_behind,grandparent,丁奶奶,yes`,
];

const csvFile = (lines: string[]) => ({
  name: 'register.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`${[HEADER, ...lines].join('\n')}\n`, 'utf8'),
});

describe(`the children's register upload in the admin console, in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('shows every problem of a bad row with its line, imports nothing, then imports the corrected file once', async () => {
    const supervisor = await env.server.login('supervisor');
    const onRegister = async (name: string) => {
      const res = await request(env.server.url, `/api/children?name=${encodeURIComponent(name)}`, {
        cookie: supervisor,
      });
      expect(res.status).toBe(200);
      return (res.body as { total: number }).total;
    };

    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(page, env.server.url, 'admin', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/admin/settings`);
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Import a children’s register' }),
    });
    await section.waitFor();

    // A file with a bad row among good ones: the row's problems, each with its line and column.
    await section
      .getByLabel('Register file (CSV)')
      .setInputFiles(csvFile([GOOD[0]!, ...BAD, GOOD[1]!]));
    await section.getByText(/^The file has \d+ problems?; nothing was imported\./).waitFor();
    const rows = section.locator('.children-import__problems tbody tr');
    const problems = await rows.allInnerTexts();
    expect(problems).toEqual([
      expect.stringMatching(/^3\tsex\t/),
      expect.stringMatching(/^4\tdate_of_birth\t/),
    ]);
    // All or nothing: the good rows are not on the register yet.
    expect(await onRegister('导入甲')).toBe(0);
    expect(await section.getByRole('button', { name: /^Import/ }).count()).toBe(0);

    // Corrected (the bad row taken out): checked first, then imported.
    await section.getByLabel('Register file (CSV)').setInputFiles(csvFile(GOOD));
    await section
      .getByText('2 children to register, 0 already on the register (skipped).')
      .waitFor();
    expect(await rows.count()).toBe(0);
    await section.getByRole('button', { name: 'Import 2 children' }).click();
    await section.getByText('Imported: 2 children registered, 0 skipped.').waitFor();
    expect(await onRegister('导入甲')).toBe(1);
    expect(await onRegister('导入乙')).toBe(1);
    expect(await onRegister('导入丙')).toBe(0);

    // The same file again: nothing new, nothing to import.
    await section.getByLabel('Register file (CSV)').setInputFiles(csvFile(GOOD));
    await section
      .getByText('0 children to register, 2 already on the register (skipped).')
      .waitFor();
    expect(await section.getByRole('button', { name: /^Import 0/ }).isDisabled()).toBe(true);
    expect(await onRegister('导入甲')).toBe(1);
    await page.context().close();
  });
});
