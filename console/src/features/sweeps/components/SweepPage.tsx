import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Input, List, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { can, CHILD_CATEGORY_LABEL, type TChildList, type TSweepDetail } from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { listChildren } from '../../children/api';
import { endSweep, loadSweep } from '../api';
import { SWEEPS_MESSAGES } from '../messages';
import { applySweepEvent, SweepProgress, SweepStatusTag } from './SweepsPage';

const REFRESH_MS = 30_000;

/** `/sweeps/:id`. */
export function SweepRoute() {
  const { id = '' } = useParams();
  return <SweepPage id={id} />;
}

/**
 * A sweep: its progress, village by village (live), and the children in the user's region still
 * to be visited for it, each a link to the file's visit form; for those who may, the form to
 * close or cancel it.
 */
export function SweepPage({ id }: { id: string }) {
  const m = useMessages(SWEEPS_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const { state } = useAuth();
  const mayEnd = state.status === 'authenticated' && can(state.user.role, 'sweeps.end');
  const [sweep, setSweep] = useState<TSweepDetail | null>(null);
  const [todo, setTodo] = useState<TChildList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seen = useRef(new Map<string, number>());

  const load = useCallback(async () => {
    try {
      const [read, children] = await Promise.all([
        loadSweep(api, id),
        listChildren(api, { sweep: id, pageSize: 100 }),
      ]);
      setError(null);
      setSweep(read);
      setTodo(children);
    } catch (caught) {
      if (!guard(caught)) setError(caught);
    }
  }, [api, guard, id]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  useSocketEvent('sweep.updated', (event) => {
    if (event.sweep.id !== id) return;
    setSweep((current) => {
      if (!current) return current;
      const next = applySweepEvent(current, event, seen.current);
      const village = event.sweep.village;
      if (next === current || !village) return next;
      return {
        ...next,
        villages: next.villages.map((v) =>
          v.region.code === village.code
            ? { ...v, total: village.total, done: village.done, overdue: village.overdue }
            : v,
        ),
      };
    });
    // The child just visited leaves the list.
    void listChildren(api, { sweep: id, pageSize: 100 }).then(setTodo, () => undefined);
  });
  useSocketEvent('sync.resumed', (resumed) => {
    if (resumed.reconnect) void load();
  });

  if (error !== null)
    return <LoadError message={m('detailFailed')} error={error} onRetry={() => void load()} />;
  if (!sweep) return <Loading label={m('detailLoading')} />;
  return (
    <div className="children sweeps">
      <p>
        <Link className="link-line" to="/sweeps">
          {m('back')}
        </Link>
      </p>
      <PageHeading>
        {m('title')} · {sweep.region.path.slice(-2).join(' › ')}{' '}
        <SweepStatusTag status={sweep.status} />
      </PageHeading>
      {sweep.status !== 'open' && (
        <p className="muted" data-ended>
          {m('endedBy', {
            status: m(sweep.status === 'closed' ? 'statusClosed' : 'statusCancelled'),
            date: sweep.endedAt ? formatDateTime(sweep.endedAt, language) : '—',
            who: sweep.endedBy?.displayName ?? '—',
            reason: sweep.endReason ?? '—',
          })}
        </p>
      )}
      <div>
        {sweep.categories.map((c) => (
          <Tag key={c}>{label(CHILD_CATEGORY_LABEL[c])}</Tag>
        ))}
      </div>
      {sweep.note && <p className="muted">{sweep.note}</p>}
      <SweepProgress counts={sweep} />
      <h2>{m('villages')}</h2>
      <Table
        size="small"
        pagination={false}
        rowKey={(v) => v.region.code}
        dataSource={sweep.villages}
        locale={{ emptyText: m('noVillages') }}
        columns={[
          { title: m('village'), key: 'village', render: (_, v) => v.region.name },
          {
            title: m('title'),
            key: 'progress',
            render: (_, v) => <SweepProgress counts={v} />,
          },
        ]}
      />
      <h2>{m('todo')}</h2>
      <List
        dataSource={todo?.children ?? []}
        locale={{ emptyText: m('todoEmpty') }}
        renderItem={(child) => (
          <List.Item key={child.id}>
            <Link to={`/children/${child.id}`}>{child.name}</Link>
            <span className="muted"> {child.region.name}</span>
          </List.Item>
        )}
      />
      {mayEnd && sweep.status === 'open' && (
        <EndSweepForm id={sweep.id} onEnded={(ended) => setSweep(ended)} />
      )}
      <span className="visually-hidden">{m('live')}</span>
    </div>
  );
}

/** Close or cancel the sweep, with the reason (required). */
function EndSweepForm({ id, onEnded }: { id: string; onEnded: (sweep: TSweepDetail) => void }) {
  const m = useMessages(SWEEPS_MESSAGES);
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const field = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const how = useRef<'close' | 'cancel'>('close');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      onEnded(await endSweep(api, id, how.current, { reason: reason.trim() }));
    } catch (caught) {
      if (!guard(caught)) setFailure(`${m('endFailed')} ${errorMessage(caught, t)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sweeps__end" aria-label={m('endTitle')} onSubmit={(e) => void submit(e)}>
      <h2>{m('endTitle')}</h2>
      <p className="muted">{m('endIntro')}</p>
      <div className="field">
        <label htmlFor={`${field}-reason`}>{m('endReason')}</label>
        <Input.TextArea
          id={`${field}-reason`}
          rows={2}
          value={reason}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${field}-reason-error` : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
        />
        {missing && (
          <div id={`${field}-reason-error`} className="field-error" role="alert">
            {m('endReasonRequired')}
          </div>
        )}
      </div>
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure}
        </p>
      )}
      <Button
        htmlType="submit"
        type="primary"
        disabled={busy}
        onClick={() => (how.current = 'close')}
      >
        {m('close')}
      </Button>{' '}
      <Button htmlType="submit" danger disabled={busy} onClick={() => (how.current = 'cancel')}>
        {m('cancel')}
      </Button>
    </form>
  );
}
