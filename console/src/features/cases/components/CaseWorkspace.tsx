import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { OPEN_CASE_STATUSES, can, type TCaseDetail, type TMe } from '@hutong/shared';
import { useAssessmentAutosave } from '../hooks/use-assessment-autosave';
import { useCaseViewers } from '../hooks/use-case-viewers';
import { CaseViewers } from './CaseViewers';
import { AssessmentForm } from './AssessmentForm';
import { ConflictPanel } from './ConflictPanel';
import { Attachments, NoteForm } from './NotesAndFiles';
import { ReassignControl } from './ReassignControl';
import { RelatedReports } from './RelatedReports';
import { RiskPanel } from './RiskPanel';
import { StatusControls } from './StatusControls';
import { Hotline12345Panel, isFrom12345 } from '../../hotline12345/components/Hotline12345Panel';
import { ChildrenOnFilePanel } from '../../warnings/components/ChildrenOnFilePanel';

/**
 * The operator's workspace on one case: the autosaved assessment first (beside the report it
 * assesses), then status moves, reassignment (supervisors), risk and its override, `children`
 * (the referrals), related reports, notes and files.
 */
export function CaseWorkspace({
  detail,
  me,
  onChanged,
  children,
}: {
  detail: TCaseDetail;
  me: TMe;
  onChanged: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const mayUpdate = can(me.role, 'cases.update');
  const holder = detail.assignee?.id === me.id || can(me.role, 'cases.reassign');
  const mayChange = mayUpdate && holder;
  const autosave = useAssessmentAutosave(detail, { onSaved: onChanged });
  const open = OPEN_CASE_STATUSES.includes(detail.status);
  // The presence lock: whoever began editing first has the form; the others read it meanwhile.
  const viewers = useCaseViewers(detail.id, me.id, mayChange && autosave.editing);
  const lockedBy = mayChange ? viewers.lockedBy : null;

  return (
    <>
      <CaseViewers others={viewers.others} />
      {autosave.state.status === 'conflict' && (
        <ConflictPanel
          base={autosave.state.base}
          current={autosave.state.current}
          onRedo={autosave.redo}
          onDiscard={autosave.discard}
        />
      )}
      <ChildrenOnFilePanel caseId={detail.id} children={detail.childrenOnFile} />
      <AssessmentForm
        detail={detail}
        draft={autosave.draft}
        onChange={autosave.setDraft}
        state={autosave.state}
        readOnly={!mayChange || lockedBy !== null}
        lock={
          lockedBy
            ? { editing: lockedBy.displayName }
            : mayChange
              ? null
              : !mayUpdate
                ? 'role'
                : detail.assignee
                  ? 'held'
                  : 'unclaimed'
        }
        onConfirm={autosave.confirm}
      />
      <section className="card" aria-labelledby="work-status-heading">
        <h2 id="work-status-heading">{t('work.status.title')}</h2>
        <p>{t(`status.${detail.status}`)}</p>
        {mayUpdate && <StatusControls detail={detail} me={me} onChanged={onChanged} />}
        {open && can(me.role, 'cases.reassign') && (
          <ReassignControl detail={detail} onChanged={onChanged} />
        )}
      </section>
      <RiskPanel detail={detail} mayChange={mayChange} onChanged={onChanged} />
      {isFrom12345(detail) && (
        <Hotline12345Panel detail={detail} mayChange={mayChange} onChanged={onChanged} />
      )}
      {children}
      <RelatedReports detail={detail} mayChange={mayChange} onChanged={onChanged} />
      <Attachments detail={detail} mayAdd={mayChange} onChanged={onChanged} />
      {mayUpdate && (
        <section className="card" aria-label={t('work.notes.title')}>
          <NoteForm caseId={detail.id} onChanged={onChanged} />
        </section>
      )}
    </>
  );
}
