import { useCallback, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { Button, Input, List, Pagination, Select, Tag } from 'antd';
import {
  can,
  CHILD_CATEGORY_LABEL,
  WARNING_KINDS,
  type TWarningList,
  type TWarningView,
  type WarningKind,
} from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useCaseStream } from '../../../realtime/SocketProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { RiskTag } from '../../children/components/labels';
import { acknowledgeWarning, dismissWarning, escalateWarning, listWarnings } from '../api';
import { WARNINGS_MESSAGES } from '../messages';
import { WARNING_KIND_LABEL, WARNING_STATUS_LABEL, warningReasonLabel } from '../labels';
import { useTranslation } from 'react-i18next';

const PAGE_SIZE = 20;
const REFRESH_MS = 30_000;

/**
 * Warnings in the user's scope, newest first, with their reasons and what may be done: acknowledge,
 * dismiss with a reason, escalate to the hotline. Re-reads on every live warning event and after
 * a reconnect; the list's seq tells the stream where to resume.
 */
export function WarningList({ childId, filters = true }: { childId?: string; filters?: boolean }) {
  const m = useMessages(WARNINGS_MESSAGES);
  const label = useLabel();
  const api = useApi();
  const guard = useSessionGuard();
  const stream = useCaseStream();
  const id = useId();
  const { state } = useAuth();
  const role = state.status === 'authenticated' ? state.user.role : null;
  const mayAct = role !== null && can(role, 'warnings.act');
  const [status, setStatus] = useState<'open' | 'all'>(childId ? 'all' : 'open');
  const [kind, setKind] = useState<WarningKind | ''>('');
  const [page, setPage] = useState(1);
  const [list, setList] = useState<TWarningList | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Escalations made here, said above the list: an escalated warning is no longer open, so the
  // next read of the open list (the live event of the escalation itself) drops its row.
  const [escalations, setEscalations] = useState<string[]>([]);

  const load = useCallback(async () => {
    try {
      const read = await listWarnings(api, {
        status,
        page,
        pageSize: PAGE_SIZE,
        ...(kind ? { kind } : {}),
        ...(childId ? { childId } : {}),
      });
      stream?.noteWarningSeq(read.seq);
      setError(null);
      setList(read);
    } catch (caught) {
      if (!guard(caught)) setError(caught);
    }
  }, [api, guard, stream, status, kind, page, childId]);

  useEffect(() => {
    void load();
    // A safety net for an event lost between a commit and its broadcast (a node dying there).
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  useSocketEvent('warning.created', () => void load());
  useSocketEvent('warning.updated', () => void load());
  useSocketEvent('sync.resumed', (resumed) => {
    if (resumed.reconnect) void load();
  });

  const replace = (warning: TWarningView) =>
    setList((current) =>
      current
        ? { ...current, warnings: current.warnings.map((w) => (w.id === warning.id ? warning : w)) }
        : current,
    );

  return (
    <div className="warnings__list">
      {filters && (
        <form
          className="children__filters"
          aria-label={m('filter.label')}
          onSubmit={(e) => e.preventDefault()}
        >
          <div className="field">
            <label htmlFor={`${id}-status`}>{m('filter.status')}</label>
            <Select
              id={`${id}-status`}
              value={status}
              onChange={(value: 'open' | 'all') => {
                setPage(1);
                setStatus(value);
              }}
              options={[
                { value: 'open', label: m('filter.open') },
                { value: 'all', label: m('filter.all') },
              ]}
              style={{ minWidth: 120 }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{m('filter.kind')}</label>
            <Select
              id={`${id}-kind`}
              value={kind}
              onChange={(value: WarningKind | '') => {
                setPage(1);
                setKind(value);
              }}
              options={[
                { value: '', label: m('filter.any') },
                ...WARNING_KINDS.map((k) => ({ value: k, label: label(WARNING_KIND_LABEL[k]) })),
              ]}
              style={{ minWidth: 200 }}
            />
          </div>
        </form>
      )}
      {error !== null && (
        <LoadError message={m('failed')} error={error} onRetry={() => void load()} />
      )}
      {!list && error === null && <Loading label={m('loading')} />}
      {escalations.map((reference) => (
        <p key={reference} className="notice" role="status" data-escalation={reference}>
          {m('escalated', { reference })}
        </p>
      ))}
      {list && (
        <>
          <p className="muted" role="status">
            {m('count', { count: String(list.total) })}
          </p>
          <List
            dataSource={list.warnings}
            locale={{
              emptyText: status === 'open' ? m('empty') : m(childId ? 'fileEmpty' : 'emptyAll'),
            }}
            renderItem={(warning) => (
              <List.Item key={warning.id} data-warning={warning.id}>
                <WarningItem
                  warning={warning}
                  showChild={!childId}
                  mayAct={mayAct}
                  onChanged={replace}
                  onEscalated={(reference) =>
                    setEscalations((current) =>
                      current.includes(reference) ? current : [...current, reference],
                    )
                  }
                />
              </List.Item>
            )}
          />
          {list.total > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.total}
              onChange={setPage}
              showSizeChanger={false}
              simple
            />
          )}
        </>
      )}
      <span className="visually-hidden">{m('live')}</span>
    </div>
  );
}

function WarningItem({
  warning,
  showChild,
  mayAct,
  onChanged,
  onEscalated,
}: {
  warning: TWarningView;
  showChild: boolean;
  mayAct: boolean;
  onChanged: (warning: TWarningView) => void;
  onEscalated: (reference: string) => void;
}) {
  const m = useMessages(WARNINGS_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const reasonId = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [escalatedTo, setEscalatedTo] = useState<string | null>(null);
  const live = warning.status === 'open' || warning.status === 'acknowledged';

  const run = async (action: () => Promise<TWarningView>) => {
    setBusy(true);
    setFailure(null);
    try {
      onChanged(await action());
      setDismissing(false);
    } catch (caught) {
      if (!guard(caught)) setFailure(`${m('actionFailed')} ${errorMessage(caught, t)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="warnings__item">
      <div>
        <Tag color={warning.kind === 'danger_signal' ? 'red' : 'orange'}>
          {label(WARNING_KIND_LABEL[warning.kind])}
        </Tag>
        <Tag data-status={warning.status}>{label(WARNING_STATUS_LABEL[warning.status])}</Tag>
        {showChild && (
          <>
            <Link to={`/children/${warning.child.id}`}>{warning.child.name}</Link>{' '}
            <RiskTag level={warning.child.riskLevel} />
            {warning.child.categories.map((c) => (
              <Tag key={c}>{label(CHILD_CATEGORY_LABEL[c])}</Tag>
            ))}
          </>
        )}
      </div>
      <div className="muted">
        {warning.region.path.slice(-2).join(' › ')} ·{' '}
        {m('raisedAt', { date: formatDateTime(warning.createdAt, language) })}
      </div>
      <ul className="children__reasons">
        {warning.reasons.map((r, index) => (
          <li key={index}>{warningReasonLabel(r, language)}</li>
        ))}
      </ul>
      {warning.acknowledged && (
        <div className="muted">
          {m('acknowledgedBy', { who: warning.acknowledged.by?.displayName ?? '—' })}
        </div>
      )}
      {warning.dismissed && (
        <div className="muted">
          {m('dismissedBy', {
            who: warning.dismissed.by?.displayName ?? '—',
            reason: warning.dismissReason ?? '—',
          })}
        </div>
      )}
      {warning.escalated && (
        <div>{m('escalatedTo', { reference: warning.escalated.reference })}</div>
      )}
      {escalatedTo && (
        <p className="notice" role="status">
          {m('escalated', { reference: escalatedTo })}
        </p>
      )}
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure}
        </p>
      )}
      {mayAct && live && !dismissing && (
        <div className="warnings__actions">
          {warning.status === 'open' && (
            <Button
              disabled={busy}
              onClick={() => void run(() => acknowledgeWarning(api, warning.id))}
            >
              {m('acknowledge')}
            </Button>
          )}
          <Button disabled={busy} onClick={() => setDismissing(true)}>
            {m('dismiss')}
          </Button>
          <Button
            danger
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const result = await escalateWarning(api, warning.id);
                setEscalatedTo(result.reference);
                onEscalated(result.reference);
                return result.warning;
              })
            }
          >
            {m('escalate')}
          </Button>
        </div>
      )}
      {mayAct && live && dismissing && (
        <form
          className="warnings__dismiss"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setReasonMissing(true);
              return;
            }
            void run(() => dismissWarning(api, warning.id, reason.trim()));
          }}
        >
          <label htmlFor={reasonId}>{m('dismissReason')}</label>
          <Input.TextArea
            id={reasonId}
            value={reason}
            autoFocus
            aria-invalid={reasonMissing}
            aria-describedby={reasonMissing ? `${reasonId}-error` : undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonMissing(false);
            }}
            rows={2}
          />
          {reasonMissing && (
            <div id={`${reasonId}-error`} className="field-error" role="alert">
              {m('reasonRequired')}
            </div>
          )}
          <div className="warnings__actions">
            <Button htmlType="submit" type="primary" disabled={busy}>
              {m('dismissConfirm')}
            </Button>
            <Button onClick={() => setDismissing(false)} disabled={busy}>
              {m('cancel')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
