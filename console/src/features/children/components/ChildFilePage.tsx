import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Card, List, Tag } from 'antd';
import {
  can,
  CHILD_CATEGORY_LABEL,
  CHILD_CHANGE_LABEL,
  CHILD_CLOSE_REASON_LABEL,
  CHILD_RISK_LABEL,
  childRiskReasonLabel,
  GUARDIAN_RELATION_LABEL,
  VISIT_CHECKLIST_ITEMS,
  VISIT_CONCERN_LABEL,
  VISIT_KIND_LABEL,
  type TChildFile,
} from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { getCase } from '../../cases/api';
import { loadChild } from '../api';
import { CHILDREN_MESSAGES } from '../messages';
import { ChildFileActions } from './ChildFileActions';
import { useQueuedVisits, useVisitSent } from './VisitOutbox';
import { CheckinCallButton } from './CheckinCall';
import { VisitPhotoThumbs } from './VisitPhotoThumbs';
import { RiskTag } from './labels';
import { WarningList } from '../../warnings/components/WarningList';
import { WARNINGS_MESSAGES } from '../../warnings/messages';

/** `/children/:id`, or `/children/:id?case=<id>` when opened from a case linked to the file. */
export function ChildFileRoute() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const caseId = params.get('case') ?? undefined;
  return <ChildFilePage key={`${id}:${caseId ?? ''}`} id={id} caseId={caseId} />;
}

/**
 * A child's file: risk with its reasons first (what a director acts on), then what is due, the
 * details and guardians, the visits and the file's history. Each load is audited on the server.
 */
function ChildFilePage({ id, caseId }: { id: string; caseId: string | undefined }) {
  const m = useMessages(CHILDREN_MESSAGES);
  const w = useMessages(WARNINGS_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const { state } = useAuth();
  const role = state.status === 'authenticated' ? state.user.role : null;
  const meId = state.status === 'authenticated' ? state.user.id : null;
  // Outside the register (an operator): the file is read through the case, and only read.
  const throughCase = role !== null && !can(role, 'children.read');
  // An operator calls only through an open case they hold (the API's rule): read the case.
  const [holdsOpenCase, setHoldsOpenCase] = useState(false);
  useEffect(() => {
    if (!throughCase || caseId === undefined) return;
    let live = true;
    getCase(api, caseId).then(
      (detail) => {
        if (!live) return;
        const open = detail.status !== 'closed' && detail.status !== 'closed_no_action';
        setHoldsOpenCase(open && detail.assignee?.id === meId);
      },
      // No call offered: the case could not be read.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, caseId, meId, throughCase]);
  const [file, setFile] = useState<TChildFile | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setError(null);
      setFile(await loadChild(api, id, caseId));
    } catch (caught) {
      if (!guard(caught)) setError(caught);
    }
  }, [api, guard, id, caseId]);

  useEffect(() => {
    void load();
  }, [load]);
  // A visit to this child waiting on the phone reached the server: show it.
  useVisitSent(id, load);
  const pending = (useQueuedVisits() ?? []).filter((v) => v.childId === id).length;

  if (error !== null)
    return <LoadError message={m('file.failed')} error={error} onRetry={() => void load()} />;
  if (!file) return <Loading label={m('file.loading')} />;

  return (
    <div className="children children--file">
      {/* Back to the register only once the role is known: an operator never sees it. */}
      {(caseId !== undefined || (role !== null && !throughCase)) && (
        <p>
          {caseId !== undefined ? (
            <Link className="link-line" to={`/cases/${encodeURIComponent(caseId)}`}>
              {m('backToCase')}
            </Link>
          ) : (
            <Link className="link-line" to="/children">
              {m('back')}
            </Link>
          )}
        </p>
      )}
      <PageHeading title={file.name}>
        {file.name}{' '}
        <span className="muted">
          {m(`sex.${file.sex}`)}
          {file.age !== null &&
            ` · ${m('age', { age: String(file.age), count: String(file.age) })}`}
        </span>
      </PageHeading>
      {role && can(role, 'children.manage') && file.status === 'open' && (
        <ChildFileActions file={file} onChanged={setFile} />
      )}
      {throughCase && (
        <p className="notice" role="status">
          {m('file.throughCase')}
        </p>
      )}
      {role &&
        can(role, 'children.call') &&
        file.status === 'open' &&
        // An operator calls through the case, when it is open and theirs (the API checks it too).
        (!throughCase || holdsOpenCase) && (
          <p className="children__call-action">
            <CheckinCallButton file={file} onEnded={() => void load()} />
          </p>
        )}
      {file.closed && (
        <p className="notice" role="status">
          {m('file.closed', {
            date: formatDate(file.closed.at, language),
            reason: label(CHILD_CLOSE_REASON_LABEL[file.closed.reason]),
          })}
        </p>
      )}
      <Card size="small" title={m('file.risk')} className="children__risk">
        <p>
          <RiskTag level={file.risk.level} />
          {file.nextVisitDue && (
            <span className={file.overdue ? 'children__overdue' : undefined}>
              {m(file.overdue ? 'overdue' : 'due', {
                date: formatDate(file.nextVisitDue, language),
              })}
            </span>
          )}
        </p>
        <p className="muted">{m('file.why')}</p>
        <ul className="children__reasons">
          {file.risk.reasons.map((reason, index) => (
            <li key={index}>{childRiskReasonLabel(reason, language)}</li>
          ))}
        </ul>
        {file.risk.raised && (
          <p>
            {m('file.raised', {
              level: label(CHILD_RISK_LABEL[file.risk.raised.level]),
              who: file.risk.raised.by?.displayName ?? '—',
              reason: file.risk.raised.reason,
            })}
          </p>
        )}
        {role && can(role, 'visits.create') && file.status === 'open' && (
          <p>
            <Link to={`/children/${file.id}/visit`} className="button">
              {m('file.recordVisit')}
            </Link>
          </p>
        )}
      </Card>
      {role && can(role, 'warnings.read') && (
        <Card size="small" title={w('fileTitle')}>
          <WarningList childId={file.id} filters={false} />
        </Card>
      )}
      <Card size="small" title={w('linkedTitle')}>
        <List
          dataSource={file.linkedReports ?? []}
          locale={{ emptyText: w('linkedEmpty') }}
          renderItem={(r) => (
            <List.Item key={r.reportId} data-report={r.reference}>
              {r.reference} · {formatDateTime(r.receivedAt, language)}
              {r.caseReference && r.caseReference !== r.reference && ` · ${r.caseReference}`}
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={m('file.details')}>
        <dl className="children__details">
          <dt>{m('file.born')}</dt>
          <dd>{file.dateOfBirth ?? '—'}</dd>
          <dt>{m('file.village')}</dt>
          <dd>{file.region.path.join(' › ')}</dd>
          <dt>{m('file.categories')}</dt>
          <dd>
            {file.categories.map((c) => (
              <Tag key={c}>{label(CHILD_CATEGORY_LABEL[c])}</Tag>
            ))}
          </dd>
          {file.phone && (
            <>
              <dt>{m('form.childPhone')}</dt>
              <dd>
                <a href={`tel:${file.phone.replace(/[^0-9+]/g, '')}`}>{file.phone}</a>
              </dd>
            </>
          )}
          <dt>{m('form.school')}</dt>
          <dd>{file.school ?? '—'}</dd>
          <dt>{m('form.health')}</dt>
          <dd>{file.health ?? '—'}</dd>
          <dt>{m('form.notes')}</dt>
          <dd className="children__text">{file.notes ?? '—'}</dd>
        </dl>
      </Card>
      <Card size="small" title={m('file.guardians')}>
        <List
          dataSource={file.guardians}
          locale={{ emptyText: m('file.noGuardians') }}
          renderItem={(g, index) => (
            <List.Item key={index}>
              <div>
                <strong>{g.name}</strong> · {label(GUARDIAN_RELATION_LABEL[g.relation])} ·{' '}
                {m(g.livesWithChild ? 'file.livesWith' : 'file.livesApart')}
                {g.workPlace && ` · ${m('form.workPlace')}: ${g.workPlace}`}
                {g.phone && (
                  <div>
                    <a href={`tel:${g.phone.replace(/[^0-9+]/g, '')}`}>{g.phone}</a>
                  </div>
                )}
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={m('file.visits')}>
        {pending > 0 && (
          <p className="notice notice--warning" role="status">
            {m('file.pending', { count: String(pending) })}
          </p>
        )}
        <List
          dataSource={file.visits}
          locale={{ emptyText: m('file.noVisits') }}
          renderItem={(v) => {
            const concerns = VISIT_CHECKLIST_ITEMS.filter((i) => v.checklist[i] === false);
            return (
              <List.Item key={v.id} data-visit={v.id}>
                <div>
                  <strong>{label(VISIT_KIND_LABEL[v.kind])}</strong> ·{' '}
                  {formatDateTime(v.visitedAt, language)}
                  {v.by && ` · ${m('file.by', { who: v.by.displayName })}`}
                  {v.call && (
                    <div data-call-outcome={v.call.outcome}>
                      {m(`call.outcome.${v.call.outcome}`, {
                        duration: m('call.duration', {
                          minutes: String(Math.floor(v.call.talkSeconds / 60)),
                          seconds: String(v.call.talkSeconds % 60),
                        }),
                      })}
                    </div>
                  )}
                  <div>
                    {concerns.length > 0
                      ? `${m('file.concerns')}: ${concerns.map((i) => label(VISIT_CONCERN_LABEL[i])).join('、')}`
                      : m('file.noConcerns')}
                  </div>
                  {v.notes && <div className="children__text">{v.notes}</div>}
                  <VisitPhotoThumbs childId={file.id} visit={v} caseId={caseId} />
                </div>
              </List.Item>
            );
          }}
        />
      </Card>
      <Card size="small" title={m('file.timeline')}>
        <List
          dataSource={file.timeline}
          renderItem={(c) => (
            <List.Item key={c.id}>
              <div>
                {formatDateTime(c.at, language)} · {label(CHILD_CHANGE_LABEL[c.action])}
                {c.by && ` · ${m('file.by', { who: c.by.displayName })}`}
                {c.action === 'updated' && c.fields.length > 0 && (
                  <div className="muted">{m('file.fields', { fields: c.fields.join(', ') })}</div>
                )}
              </div>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
