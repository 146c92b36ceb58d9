import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VISIT_PHOTO_MAX_BYTES, type TCreateVisit, type TVisitPhotoUpload } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { buildVisitRecorded } from '../../../test/factories';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { PhotoError, type PreparePhoto } from '../visit-photos';
import { deviceKey, forgetDeviceKey, SealedStorage } from '../sealed-storage';
import { isVisitDataOf } from '../visit-outbox';
import { useQueuedVisits, VisitOutboxProvider } from './VisitOutbox';
import { VisitRoute } from './VisitPage';
import { PreparePhotoContext } from './VisitPhotos';

const CHILD_ID = '00000000-0000-4000-8000-0000000c0003';
const USER_ID = '00000000-0000-4000-8000-0000000a0003';

let server: LocalServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await forgetDeviceKey(USER_ID);
  await server?.close();
  server = undefined;
});

/** What the device's scaling step makes of a picture here: its name, as a tiny "JPEG". */
const scaled = (name: string): TVisitPhotoUpload => ({
  contentType: 'image/jpeg',
  dataBase64: btoa(`\xff\xd8\xff${name.padEnd(9, '.')}`),
});
/** Scales by name: `broken…` cannot be read, `huge…` stays over 1 MB. */
const fakeScale: PreparePhoto = (file) => {
  if (file.name.startsWith('broken')) return Promise.reject(new PhotoError('unreadable'));
  if (file.name.startsWith('huge'))
    return Promise.resolve({
      contentType: 'image/jpeg',
      dataBase64: 'A'.repeat(Math.ceil((VISIT_PHOTO_MAX_BYTES + 3) / 3) * 4),
    });
  return Promise.resolve(scaled(file.name));
};
const picture = (name: string) => new File(['raw camera bytes'], name, { type: 'image/jpeg' });

/** The visits queued on this device, as the outbox holds them (the test reads them here). */
function QueueProbe() {
  const visits = useQueuedVisits() ?? [];
  return <output data-testid="queue">{JSON.stringify(visits)}</output>;
}
const queued = (): { body: TCreateVisit; photosHeld?: number }[] =>
  JSON.parse(screen.getByTestId('queue').textContent || '[]') as {
    body: TCreateVisit;
    photosHeld?: number;
  }[];

/** The visit form against a small server (no signal unless `override` answers the visit). */
async function renderForm({
  prepare = fakeScale,
  override,
}: { prepare?: PreparePhoto | null; override?: (r: RecordedRequest) => Reply | undefined } = {}) {
  server = await startLocalServer((r) => {
    const custom = override?.(r);
    if (custom) return custom;
    if (r.url === '/api/auth/me')
      return {
        status: 200,
        json: {
          id: USER_ID,
          username: 'director',
          displayName: 'Director',
          role: 'child_director',
        },
      };
    // No signal: the request leaves the phone, and no answer comes back.
    if (r.url === `/api/children/${CHILD_ID}/visits`) return { destroy: true };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const form = (
    <AuthProvider>
      <VisitOutboxProvider userId={USER_ID}>
        <QueueProbe />
        <Routes>
          <Route path="/children/:id/visit" element={<VisitRoute />} />
          <Route path="/children/:id" element={<p>the file</p>} />
        </Routes>
      </VisitOutboxProvider>
    </AuthProvider>
  );
  renderWithProviders(
    prepare ? (
      <PreparePhotoContext.Provider value={prepare}>{form}</PreparePhotoContext.Provider>
    ) : (
      form
    ),
    { baseUrl: server.baseUrl, language: 'en', path: `/children/${CHILD_ID}/visit` },
  );
  await screen.findByRole('heading', { name: 'Record a visit' });
}

const photosBox = () => screen.getByRole('group', { name: 'Photos (optional)' });
const fileInput = () => within(photosBox()).getByLabelText('Take or choose photos');

describe('photos on the visit form', () => {
  it('takes the camera or gallery, previews each scaled photo, and removes one by keyboard', async () => {
    await renderForm();
    const user = userEvent.setup();
    const input = fileInput();
    expect(input).toHaveProperty('type', 'file');
    expect(input.getAttribute('accept')).toBe('image/*');
    expect(input.getAttribute('capture')).toBe('environment');
    expect(input).toHaveProperty('multiple', true);
    expect(within(photosBox()).getByText('0 of 4 photos added.')).toBeTruthy();

    await user.upload(input, [picture('home.jpg'), picture('arm.jpg')]);
    await within(photosBox()).findByText('2 of 4 photos added.');
    const thumbs = within(photosBox()).getAllByRole('img');
    expect(thumbs.map((img) => img.getAttribute('alt'))).toEqual([
      'Photo 1 of this visit',
      'Photo 2 of this visit',
    ]);
    expect(thumbs[0]!.getAttribute('src')).toBe(
      `data:image/jpeg;base64,${scaled('home.jpg').dataBase64}`,
    );

    // The remove buttons are buttons, reached with Tab and pressed with Enter.
    const remove = within(photosBox()).getByRole('button', { name: 'Remove photo 1' });
    remove.focus();
    expect(document.activeElement).toBe(remove);
    await user.keyboard('{Enter}');
    await within(photosBox()).findByText('1 of 4 photos added.');
    const [left] = within(photosBox()).getAllByRole('img');
    expect(left!.getAttribute('alt')).toBe('Photo 1 of this visit');
    expect(left!.getAttribute('src')).toBe(
      `data:image/jpeg;base64,${scaled('arm.jpg').dataBase64}`,
    );
    // From the last photo's remove button, Tab goes on to add more.
    within(photosBox()).getByRole('button', { name: 'Remove photo 1' }).focus();
    await user.tab();
    expect(document.activeElement).toBe(fileInput());
  });

  it('says plainly which pictures could not be read, were too large or one too many, and adds the rest', async () => {
    await renderForm();
    const user = userEvent.setup();
    await user.upload(fileInput(), [
      picture('broken.jpg'),
      picture('a.jpg'),
      picture('huge.jpg'),
      picture('b.jpg'),
      picture('c.jpg'),
      picture('d.jpg'),
      picture('e.jpg'),
    ]);
    const alert = await within(photosBox()).findByRole('alert');
    expect(alert.textContent).toContain(
      'The picture “broken.jpg” could not be read. Take it again, or choose another.',
    );
    expect(alert.textContent).toContain(
      'The picture “huge.jpg” is larger than 1 MB even made smaller, so it was not added.',
    );
    expect(alert.textContent).toContain('A visit takes at most 4 photos: “e.jpg” was not added.');
    expect(within(photosBox()).getByText('4 of 4 photos added.')).toBeTruthy();
    expect(fileInput()).toHaveProperty('disabled', true);
  });

  it('says a picture the device cannot decode could not be read (the real scaling step)', async () => {
    // jsdom decodes no image: what a phone does with a file that is not one.
    await renderForm({ prepare: null });
    const user = userEvent.setup();
    await user.upload(fileInput(), [picture('not-really.jpg')]);
    const alert = await within(photosBox()).findByRole('alert');
    expect(alert.textContent).toContain('The picture “not-really.jpg” could not be read.');
    expect(within(photosBox()).getByText('0 of 4 photos added.')).toBeTruthy();
  });

  it('queues the visit with its photos when there is no signal, and opens a fresh form', async () => {
    await renderForm();
    const user = userEvent.setup();
    await user.upload(fileInput(), [picture('home.jpg'), picture('arm.jpg')]);
    await within(photosBox()).findByText('2 of 4 photos added.');
    await user.click(screen.getByRole('button', { name: 'Save the visit' }));
    await screen.findByText(
      'No connection: the visit is saved on this phone and will be sent when the connection returns.',
    );
    await waitFor(() => expect(queued()).toHaveLength(1));
    expect(queued()[0]!.body.photos).toEqual([scaled('home.jpg'), scaled('arm.jpg')]);
    expect(queued()[0]!.photosHeld).toBeUndefined();
    // What was sent is what is queued, photos and all.
    const sent = server!.requests.find((r) => r.method === 'POST');
    expect((sent?.body as TCreateVisit).photos).toEqual(queued()[0]!.body.photos);
    expect(within(photosBox()).getByText('0 of 4 photos added.')).toBeTruthy();
    expect(within(photosBox()).queryAllByRole('img')).toEqual([]);
  });

  it('says plainly when the phone has no room for the photos, and keeps the visit without them', async () => {
    const setItem = Storage.prototype.setItem;
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (
      this: Storage,
      name: string,
      value: string,
    ) {
      if (value.length > 600) throw new DOMException('Full', 'QuotaExceededError');
      setItem.call(this, name, value);
    });
    await renderForm({
      prepare: (file) =>
        Promise.resolve({
          contentType: 'image/jpeg',
          dataBase64: `/9j/${file.name[0]!.repeat(400)}`,
        }),
    });
    const user = userEvent.setup();
    await user.upload(fileInput(), [picture('a.jpg')]);
    await within(photosBox()).findByText('1 of 4 photos added.');
    await user.click(screen.getByRole('button', { name: 'Save the visit' }));
    const notKept = await screen.findByTestId('visit-photos-not-kept');
    expect(notKept.textContent).toContain(
      'This phone has no room to keep the photo: the visit is saved on it without it.',
    );
    await screen.findByText(
      'No connection: the visit is saved on this phone and will be sent when the connection returns.',
    );
    expect(queued()).toEqual([expect.objectContaining({ photosHeld: 1 })]);
    expect(queued()[0]!.body.photos).toBeUndefined();
  });

  it('keeps the photos with the draft, sealed: the form opened again has them back', async () => {
    await renderForm();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Notes'), 'the roof leaks');
    await user.upload(fileInput(), [picture('home.jpg'), picture('arm.jpg')]);
    await within(photosBox()).findByText('2 of 4 photos added.');
    const draftPhotos = `hutong.visitDraft.${USER_ID}.${CHILD_ID}.photos`;
    // On the device under the user's key, never in the clear.
    const device = async () => SealedStorage.open(await deviceKey(USER_ID), isVisitDataOf(USER_ID));
    await waitFor(async () =>
      expect(JSON.parse((await device()).getItem(draftPhotos) ?? '[]')).toEqual([
        scaled('home.jpg'),
        scaled('arm.jpg'),
      ]),
    );
    expect(localStorage.getItem(draftPhotos)).not.toContain(scaled('home.jpg').dataBase64);

    // Closed and opened again (the phone's browser reloaded the page).
    cleanup();
    await server?.close();
    await renderForm();
    await within(photosBox()).findByText('2 of 4 photos added.');
    expect(
      within(photosBox())
        .getAllByRole('img')
        .map((img) => img.getAttribute('src')),
    ).toEqual([
      `data:image/jpeg;base64,${scaled('home.jpg').dataBase64}`,
      `data:image/jpeg;base64,${scaled('arm.jpg').dataBase64}`,
    ]);
    expect(screen.getByText('Your unsaved draft of this visit is back.')).toBeTruthy();
    expect(screen.getByLabelText('Notes')).toHaveProperty('value', 'the roof leaks');

    // Queued: the draft, photos and all, makes way for the visit in the queue.
    await user.click(screen.getByRole('button', { name: 'Save the visit' }));
    await waitFor(() => expect(queued()).toHaveLength(1));
    expect(queued()[0]!.body.photos).toEqual([scaled('home.jpg'), scaled('arm.jpg')]);
    await waitFor(async () => expect((await device()).getItem(draftPhotos)).toBeNull());
    expect(localStorage.getItem(draftPhotos)).toBeNull();
  });

  it('says when the phone has no room to keep the photos with the draft, and keeps its text', async () => {
    const setItem = Storage.prototype.setItem;
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (
      this: Storage,
      name: string,
      value: string,
    ) {
      if (name.endsWith('.photos')) throw new DOMException('Full', 'QuotaExceededError');
      setItem.call(this, name, value);
    });
    await renderForm();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Notes'), 'kept without photos');
    await user.upload(fileInput(), [picture('a.jpg')]);
    const warning = await screen.findByTestId('visit-photos-not-in-draft');
    expect(warning.textContent).toContain(
      'This phone has no room to keep the photo with the draft: the rest of it is kept',
    );
    // The photo is still in the form, to be saved with the visit.
    expect(within(photosBox()).getByText('1 of 4 photos added.')).toBeTruthy();

    cleanup();
    await server?.close();
    await renderForm();
    await screen.findByText('Your unsaved draft of this visit is back.');
    expect(screen.getByLabelText('Notes')).toHaveProperty('value', 'kept without photos');
    expect(within(photosBox()).getByText('0 of 4 photos added.')).toBeTruthy();
    expect(screen.queryByTestId('visit-photos-not-in-draft')).toBeNull();
  });

  it('sends a queued visit again soon after its send got no answer, without waiting for the online event', async () => {
    let tries = 0;
    await renderForm({
      override: (r) => {
        if (r.url !== `/api/children/${CHILD_ID}/visits`) return undefined;
        tries += 1;
        // The form's own send and the first retry get no answer; the signal is back for the next.
        return tries <= 2
          ? { destroy: true }
          : { status: 201, json: buildVisitRecorded(r.body as TCreateVisit) };
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Notes'), 'sent on the third try');
    await user.click(screen.getByRole('button', { name: 'Save the visit' }));
    await screen.findByText(
      'No connection: the visit is saved on this phone and will be sent when the connection returns.',
    );
    // Retried after 2 s and 4 s (no longer only every 30 s), with the key it was queued under.
    await waitFor(() => expect(queued()).toEqual([]), { timeout: 20_000 });
    const posts = server!.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('shows the server’s refusal of a photo beside the photos', async () => {
    await renderForm({
      override: (r) =>
        r.url === `/api/children/${CHILD_ID}/visits`
          ? errorReply('VALIDATION_FAILED', 400, 'Invalid', {
              'photos.1.dataBase64': 'The content is not image/jpeg',
            })
          : undefined,
    });
    const user = userEvent.setup();
    await user.upload(fileInput(), [picture('a.jpg'), picture('b.jpg')]);
    await within(photosBox()).findByText('2 of 4 photos added.');
    await user.click(screen.getByRole('button', { name: 'Save the visit' }));
    const alert = await within(photosBox()).findByRole('alert');
    expect(alert.textContent).toContain('Photo 2: The content is not image/jpeg');
    // Nothing was recorded: the photos stay in the form, to remove the bad one and save again.
    expect(within(photosBox()).getAllByAltText(/^Photo \d of this visit$/)).toHaveLength(2);
  });
});
