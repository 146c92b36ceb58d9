import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { request } from '../backend/test/http.js';
import { serverAndBrowser, signIn } from './support/browser.js';
import { fitsTheScreen, phoneContext, registerChild, tapTargetProblems } from './support/phone.js';

/**
 * A real JPEG, 2400×1200, as a phone's camera might give (the browser's own encoder makes it):
 * red, with a blue block in the middle.
 */
const MAKE_JPEG = `(async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 2400;
  canvas.height = 1200;
  const context = canvas.getContext('2d');
  context.fillStyle = '#c33';
  context.fillRect(0, 0, 2400, 1200);
  context.fillStyle = '#36c';
  context.fillRect(600, 300, 1200, 600);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  let binary = '';
  for (const byte of new Uint8Array(await blob.arrayBuffer())) binary += String.fromCharCode(byte);
  return btoa(binary);
})()`;

/** The natural size of the first image matching `selector` once it has loaded, and its src. */
const imageOf = (selector: string) => `(async () => {
  const img = document.querySelector(${JSON.stringify(selector)});
  if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve));
  return { width: img.naturalWidth, height: img.naturalHeight, src: img.src };
})()`;

describe(`a visit's photo taken with no signal, on a phone in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('queues the visit with its photo scaled on the phone, and once online the file shows its thumbnail', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);
    const context = await phoneContext(env.browser);
    const page = await context.newPage();
    await signIn(page, env.server.url, 'director', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/children/${child.id}/visit`);
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();

    const jpeg = Buffer.from(await page.evaluate<string>(MAKE_JPEG), 'base64');
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const input = page.getByLabel('Take or choose photos');
    expect(await input.getAttribute('accept')).toBe('image/*');
    expect(await input.getAttribute('capture')).toBe('environment');
    await input.setInputFiles({ name: 'home.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByText('1 of 4 photos added.').waitFor();
    // Scaled on the phone before it is queued: the longest side is 1600 px, the shape kept.
    const preview = await page.evaluate<{ width: number; height: number; src: string }>(
      imageOf('img.visit-photos__thumb'),
    );
    expect([preview.width, preview.height]).toEqual([1600, 800]);
    expect(preview.src.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await tapTargetProblems(page)).toEqual([]);

    // The page is reloaded before the visit is saved (the phone's browser dropped it): the draft
    // comes back, notes and photo, from the sealed storage.
    await page.getByLabel('Notes').fill('屋顶漏雨');
    await page.waitForFunction(`(() => {
      const keys = Object.keys(localStorage).filter((k) => k.startsWith('hutong.visitDraft.'));
      return keys.some((k) => k.endsWith('.photos')) && keys.some((k) => !k.endsWith('.photos'));
    })()`);
    const photoData = preview.src.slice('data:image/jpeg;base64,'.length, 200);
    expect(await page.evaluate<string>('JSON.stringify({ ...localStorage })')).not.toContain(
      photoData,
    );
    await page.reload();
    await page.getByText('Your unsaved draft of this visit is back.').waitFor();
    await page.getByText('1 of 4 photos added.').waitFor();
    expect(await page.getByLabel('Notes').inputValue()).toBe('屋顶漏雨');
    const restored = await page.evaluate<{ src: string }>(imageOf('img.visit-photos__thumb'));
    expect(restored.src).toBe(preview.src);

    // No signal: the visit waits on the phone with its photo, sealed like the rest.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Save the visit' }).click();
    await page
      .getByText(
        'No connection: the visit is saved on this phone and will be sent when the connection returns.',
      )
      .waitFor();
    expect(await page.getByTestId('visit-photos-not-kept').count()).toBe(0);
    expect(await page.getByText('0 of 4 photos added.').count()).toBe(1);
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage })');
    expect(stored).toContain('hutong.visitQueue.');
    expect(stored).not.toContain(photoData);
    // The draft, photo and all, made way for the queued visit.
    expect(
      Object.keys(JSON.parse(stored) as object).filter((k) => k.startsWith('hutong.visitDraft.')),
    ).toEqual([]);
    const onServer = async () =>
      (await request(env.server.url, `/api/children/${child.id}`, { cookie: director })).body as {
        visits: { id: string; notes: string; photos: { contentType: string }[] }[];
      };
    expect((await onServer()).visits).toHaveLength(0);

    // The signal returns: the visit goes with its photo.
    await context.setOffline(false);
    await page
      .getByTestId('visit-outbox-sent')
      .getByText('The visit saved on this phone has been sent.')
      .waitFor();
    const [visit] = (await onServer()).visits;
    expect(visit?.notes).toBe('屋顶漏雨');
    expect(visit?.photos).toEqual([expect.objectContaining({ contentType: 'image/jpeg' })]);

    // The file shows it: a thumbnail fetched with the session, from an object URL; larger on a tap.
    await page.goto(`${env.server.url}/children/${child.id}`);
    await page.getByText('屋顶漏雨').waitFor();
    const thumb = page.getByRole('button', { name: /^Photo 1 of the visit of / });
    await thumb.waitFor();
    const shown = await page.evaluate<{ width: number; height: number; src: string }>(
      imageOf('img.visit-photos__thumb'),
    );
    expect([shown.width, shown.height]).toEqual([1600, 800]);
    expect(shown.src.startsWith('blob:')).toBe(true);
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await tapTargetProblems(page)).toEqual([]);
    await thumb.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('img', { name: /^Photo 1 of the visit of / }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await context.close();
  });
});
