import { useEffect, useState } from 'react';
import { Modal } from 'antd';
import type { TVisit } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { loadVisitPhoto } from '../api';
import { CHILDREN_MESSAGES } from '../messages';

/**
 * A visit's photos on the child's file: thumbnails fetched with the session (the case the file
 * was opened through, for an operator), shown from object URLs that are revoked when the visit
 * leaves the page; a thumbnail opens the photo larger.
 */
export function VisitPhotoThumbs({
  childId,
  visit,
  caseId,
}: {
  childId: string;
  visit: Pick<TVisit, 'id' | 'visitedAt' | 'photos'>;
  caseId: string | undefined;
}) {
  const m = useMessages(CHILDREN_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  // Each photo's object URL once loaded, or `failed`.
  const [sources, setSources] = useState<Record<string, { url: string } | 'failed'>>({});
  const [open, setOpen] = useState<number | null>(null);
  // The file re-reads itself (a visit sent, a change): the same photos are not fetched again.
  const photoIds = visit.photos.map((p) => p.id).join(',');

  useEffect(() => {
    let live = true;
    const made: string[] = [];
    for (const photoId of photoIds.split(',').filter(Boolean)) {
      loadVisitPhoto(api, { childId, visitId: visit.id, photoId }, caseId).then(
        (blob) => {
          const url = URL.createObjectURL(blob);
          if (!live) {
            URL.revokeObjectURL(url);
            return;
          }
          made.push(url);
          setSources((current) => ({ ...current, [photoId]: { url } }));
        },
        () => {
          if (live) setSources((current) => ({ ...current, [photoId]: 'failed' }));
        },
      );
    }
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [api, caseId, childId, photoIds, visit.id]);

  if (visit.photos.length === 0) return null;
  const date = formatDateTime(visit.visitedAt, language);
  const alt = (index: number) => m('file.photoAlt', { n: String(index + 1), date });
  const shown = open === null ? undefined : visit.photos[open];
  const shownSource = shown ? sources[shown.id] : undefined;
  return (
    <>
      <ul className="visit-photos__list visit-photos__list--file">
        {visit.photos.map((photo, index) => {
          const source = sources[photo.id];
          return (
            <li key={photo.id} className="visit-photos__item" data-photo={photo.id}>
              {source === 'failed' ? (
                <span className="muted">{m('file.photoFailed', { n: String(index + 1) })}</span>
              ) : source ? (
                <button type="button" className="visit-photos__open" onClick={() => setOpen(index)}>
                  <img className="visit-photos__thumb" src={source.url} alt={alt(index)} />
                </button>
              ) : (
                <span className="visit-photos__thumb visit-photos__thumb--loading" />
              )}
            </li>
          );
        })}
      </ul>
      <Modal
        open={shownSource !== undefined && shownSource !== 'failed'}
        footer={null}
        width="min(96vw, 960px)"
        centered
        title={open === null ? '' : alt(open)}
        closable={{ 'aria-label': m('file.photoClose') }}
        onCancel={() => setOpen(null)}
      >
        {shownSource && shownSource !== 'failed' && open !== null && (
          <img className="visit-photos__large" src={shownSource.url} alt={alt(open)} />
        )}
      </Modal>
    </>
  );
}
