import { createContext, useContext, useState } from 'react';
import type { Dispatch, SetStateAction } from 'react';
import { Alert } from 'antd';
import { VISIT_PHOTOS_MAX, type TVisitPhotoUpload } from '@hutong/shared';
import { useMessages } from '../../../lib/messages';
import { CHILDREN_MESSAGES } from '../messages';
import {
  photoSource,
  PhotoError,
  scalePhoto,
  withinLimit,
  type PreparePhoto,
} from '../visit-photos';

/** How the form turns a chosen picture into a photo: scaled on the device (tests give their own). */
export const PreparePhotoContext = createContext<PreparePhoto>(scalePhoto);

/** A photo in the form, with a key of its own for the list. */
export interface FormPhoto {
  key: string;
  photo: TVisitPhotoUpload;
}

/** Photos for the form's state (a refused visit's, taken back into the form). */
export const formPhotos = (photos: readonly TVisitPhotoUpload[] = []): FormPhoto[] =>
  photos.map((photo) => ({ key: crypto.randomUUID(), photo }));

/**
 * The visit form's "Photos (optional)": the camera or the gallery (several at once), each picture
 * scaled on the device before it joins the visit, thumbnails each with a remove button, how many
 * of the four there are, and plainly why a picture was not added. `refused` holds the server's
 * words about the photos, shown here rather than on a form field.
 */
export function VisitPhotos({
  photos,
  setPhotos,
  refused = [],
}: {
  photos: readonly FormPhoto[];
  setPhotos: Dispatch<SetStateAction<FormPhoto[]>>;
  refused?: readonly string[];
}) {
  const m = useMessages(CHILDREN_MESSAGES);
  const prepare = useContext(PreparePhotoContext);
  const [problems, setProblems] = useState<string[]>([]);
  const [preparing, setPreparing] = useState(false);
  const max = String(VISIT_PHOTOS_MAX);

  const add = async (files: File[]) => {
    setProblems([]);
    setPreparing(true);
    const added: FormPhoto[] = [];
    const failed: string[] = [];
    for (const file of files) {
      if (photos.length + added.length >= VISIT_PHOTOS_MAX) {
        failed.push(m('photos.tooMany', { max, name: file.name }));
        continue;
      }
      try {
        added.push({ key: crypto.randomUUID(), photo: withinLimit(await prepare(file)) });
      } catch (error) {
        const tooLarge = error instanceof PhotoError && error.reason === 'too_large';
        failed.push(m(tooLarge ? 'photos.tooLarge' : 'photos.unreadable', { name: file.name }));
      }
    }
    setPhotos((current) => [...current, ...added].slice(0, VISIT_PHOTOS_MAX));
    setProblems(failed);
    setPreparing(false);
  };

  const full = photos.length >= VISIT_PHOTOS_MAX;
  return (
    <fieldset className="children__fieldset visit-photos">
      <legend>{m('photos.title')}</legend>
      <p className="muted">{m('photos.hint', { max })}</p>
      {photos.length > 0 && (
        <ul className="visit-photos__list">
          {photos.map(({ key, photo }, index) => (
            <li key={key} className="visit-photos__item" data-photo={index}>
              <img
                className="visit-photos__thumb"
                src={photoSource(photo)}
                alt={m('photos.alt', { n: String(index + 1) })}
              />
              <button
                type="button"
                className="button visit-photos__remove"
                aria-label={m('photos.removeLabel', { n: String(index + 1) })}
                onClick={() => setPhotos((current) => current.filter((p) => p.key !== key))}
              >
                {m('photos.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="muted" aria-live="polite" data-testid="visit-photos-count">
        {preparing
          ? m('photos.preparing')
          : m('photos.count', { count: String(photos.length), max })}
      </p>
      <label className={`button visit-photos__add${full ? ' visit-photos__add--full' : ''}`}>
        <input
          type="file"
          className="visually-hidden"
          accept="image/*"
          capture="environment"
          multiple
          disabled={full || preparing}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            // The same picture chosen again must fire a change: the input is emptied each time.
            event.target.value = '';
            if (files.length > 0) void add(files);
          }}
        />
        {m('photos.add')}
      </label>
      {refused.length + problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="visit-photos__problems"
          title={
            <ul>
              {[...refused, ...problems].map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          }
        />
      )}
    </fieldset>
  );
}
