import { useTranslation } from 'react-i18next';
import { OPEN_CASE_STATUSES, can, type TCaseDetail, type TMe } from '@hutong/shared';
import { useAssessmentAutosave } from '../hooks/use-assessment-autosave';
import { AssessmentForm } from './AssessmentForm';
import { ConflictPanel } from './ConflictPanel';
import { Attachments, NoteForm } from './NotesAndFiles';
import { ReassignControl } from './ReassignControl';
import { RelatedReports } from './RelatedReports';
import { RiskPanel } from './RiskPanel';
import { StatusControls } from './StatusControls';

/**
 * The operator's workspace on one case: status moves, reassignment (supervisors), risk and its
 * override, the autosaved assessment, related reports, notes and files.
 */
export function CaseWorkspace({
  detail,
  me,
  onChanged,
}: {
  detail: TCaseDetail;
  me: TMe;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const mayUpdate = can(me.role, 'cases.update');
  const holder = detail.assignee?.id === me.id || can(me.role, 'cases.reassign');
  const mayChange = mayUpdate && holder;
  const autosave = useAssessmentAutosave(detail, { onSaved: onChanged });
  const open = OPEN_CASE_STATUSES.includes(detail.status);

  return (
    <>
      <section className="card" aria-labelledby="work-status-heading">
        <h2 id="work-status-heading">{t('work.status.title')}</h2>
        <p>{t(`status.${detail.status}`)}</p>
        {mayUpdate && <StatusControls detail={detail} me={me} onChanged={onChanged} />}
        {open && can(me.role, 'cases.reassign') && (
          <ReassignControl detail={detail} onChanged={onChanged} />
        )}
      </section>
      <RiskPanel detail={detail} mayChange={mayChange} onChanged={onChanged} />
      {autosave.state.status === 'conflict' && (
        <ConflictPanel
          base={autosave.state.base}
          current={autosave.state.current}
          onRedo={autosave.redo}
          onDiscard={autosave.discard}
        />
      )}
      <AssessmentForm
        detail={detail}
        draft={autosave.draft}
        onChange={autosave.setDraft}
        state={autosave.state}
        readOnly={!mayChange}
      />
      <RelatedReports detail={detail} mayChange={mayChange} onChanged={onChanged} />
      <Attachments detail={detail} mayAdd={mayUpdate} onChanged={onChanged} />
      {mayUpdate && (
        <section className="card" aria-label={t('work.notes.title')}>
          <NoteForm caseId={detail.id} onChanged={onChanged} />
        </section>
      )}
    </>
  );
}
