import { useTranslation } from 'react-i18next';
import type { TAssessment, TCaseDetail } from '@hutong/shared';
import { changedFields } from '../assessment-draft';

/**
 * Shown when a save met a newer version: which parts of the assessment the other person
 * changed, with the choice to put one's own changes on top or to keep theirs.
 */
export function ConflictPanel({
  base,
  current,
  onRedo,
  onDiscard,
}: {
  base: TAssessment;
  current: TCaseDetail;
  onRedo: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const fields = changedFields(base, current.assessment);
  const by = [...current.events].reverse().find((e) => e.type === 'assessment_updated')?.actor;
  return (
    <div className="notice notice--warning" role="alert" aria-labelledby="conflict-heading">
      <h3 id="conflict-heading">{t('work.conflict.title')}</h3>
      <p>{t('work.conflict.body', { name: by?.displayName ?? t('work.conflict.someone') })}</p>
      {fields.length > 0 ? (
        <ul>
          {fields.map((f) => (
            <li key={f}>{t(`work.timeline.fields.${f}`)}</li>
          ))}
        </ul>
      ) : (
        <p>{t('work.conflict.nothing')}</p>
      )}
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={onRedo}>
          {t('work.conflict.redo')}
        </button>
        <button type="button" className="button" onClick={onDiscard}>
          {t('work.conflict.discard')}
        </button>
      </div>
    </div>
  );
}
