import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button, Checkbox, Input, List, Progress, Tag } from 'antd';
import {
  can,
  CHILD_CATEGORIES,
  CHILD_CATEGORY_LABEL,
  type ChildCategory,
  type SweepStatus,
  type TSweep,
  type TSweepChanged,
  type TSweepList,
} from '@hutong/shared';
import { DateInput } from '../../../components/DateInput';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { useRegions } from '../../report/hooks/use-regions';
import { listSweeps, startSweep } from '../api';
import { SWEEPS_MESSAGES } from '../messages';
import { useTranslation } from 'react-i18next';

const PAGE_SIZE = 50;
const REFRESH_MS = 30_000;

/**
 * A sweep's counts and status replaced by a live event's, unless the event is older than what we
 * show.
 */
export function applySweepEvent<
  T extends { id: string; status: SweepStatus; total: number; done: number; overdue: number },
>(sweep: T, event: TSweepChanged, seen: Map<string, number>): T {
  if (sweep.id !== event.sweep.id) return sweep;
  if ((seen.get(sweep.id) ?? 0) > event.seq) return sweep;
  seen.set(sweep.id, event.seq);
  return {
    ...sweep,
    status: event.sweep.status,
    total: event.sweep.total,
    done: event.sweep.done,
    overdue: event.sweep.overdue,
  };
}

/** A closed or cancelled sweep's tag (nothing while it is open). */
export function SweepStatusTag({ status }: { status: SweepStatus }) {
  const m = useMessages(SWEEPS_MESSAGES);
  if (status === 'open') return null;
  return (
    <Tag color={status === 'closed' ? 'green' : 'default'} data-status={status}>
      {m(status === 'closed' ? 'statusClosed' : 'statusCancelled')}
    </Tag>
  );
}

/** A sweep's progress: a bar, the counts, and the overdue ones. */
export function SweepProgress({ counts }: { counts: Pick<TSweep, 'total' | 'done' | 'overdue'> }) {
  const m = useMessages(SWEEPS_MESSAGES);
  const percent = counts.total === 0 ? 100 : Math.floor((counts.done / counts.total) * 100);
  const text = m('progress', { done: String(counts.done), total: String(counts.total) });
  return (
    <div className="sweeps__progress">
      <Progress percent={percent} size="small" aria-label={text} />
      <span data-progress>{text}</span>
      {counts.overdue > 0 && (
        <Tag color="red">{m('overdue', { count: String(counts.overdue) })}</Tag>
      )}
    </div>
  );
}

/**
 * `/sweeps`: the sweeps the user sees, with progress bars that move as visits are recorded
 * (`sweep.updated`), and, for township supervisors and supervisors, the form to start one.
 */
export function SweepsPage() {
  const m = useMessages(SWEEPS_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const { state } = useAuth();
  const role = state.status === 'authenticated' ? state.user.role : null;
  const mayStart = role !== null && can(role, 'sweeps.create');
  const [list, setList] = useState<TSweepList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seen = useRef(new Map<string, number>());

  const load = useCallback(async () => {
    try {
      const read = await listSweeps(api, { page: 1, pageSize: PAGE_SIZE });
      setError(null);
      setList(read);
    } catch (caught) {
      if (!guard(caught)) setError(caught);
    }
  }, [api, guard]);

  useEffect(() => {
    void load();
    // A safety net for a push lost between a commit and its broadcast, and for overdue counts.
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  useSocketEvent('sweep.updated', (event) =>
    setList((current) =>
      current
        ? {
            ...current,
            sweeps: current.sweeps.map((s) => applySweepEvent(s, event, seen.current)),
          }
        : current,
    ),
  );
  useSocketEvent('sync.resumed', (resumed) => {
    if (resumed.reconnect) void load();
  });

  return (
    <div className="children sweeps">
      <PageHeading>{m('title')}</PageHeading>
      <p className="muted">{m('intro')}</p>
      {mayStart && <StartSweepForm onStarted={() => void load()} />}
      {error !== null && (
        <LoadError message={m('failed')} error={error} onRetry={() => void load()} />
      )}
      {!list && error === null && <Loading label={m('loading')} />}
      {list && (
        <List
          dataSource={list.sweeps}
          locale={{ emptyText: m('empty') }}
          renderItem={(sweep) => (
            <List.Item key={sweep.id} data-sweep={sweep.id}>
              <div className="sweeps__item">
                <Link to={`/sweeps/${sweep.id}`}>{sweep.region.path.slice(-2).join(' › ')}</Link>{' '}
                <SweepStatusTag status={sweep.status} />
                {sweep.categories.map((c) => (
                  <Tag key={c}>{label(CHILD_CATEGORY_LABEL[c])}</Tag>
                ))}
                <SweepProgress counts={sweep} />
                <div className="muted">
                  {m('startedBy', {
                    date: formatDateTime(sweep.startedAt, language),
                    who: sweep.startedBy?.displayName ?? '—',
                  })}
                  {sweep.dueBy && <> · {m('due', { date: formatDate(sweep.dueBy, language) })}</>}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
      <span className="visually-hidden">{m('live')}</span>
    </div>
  );
}

/** The end of a Beijing calendar day, as the instant the server takes. */
function endOfBeijingDay(date: string): string {
  return new Date(`${date}T23:59:59+08:00`).toISOString();
}

function StartSweepForm({ onStarted }: { onStarted: () => void }) {
  const m = useMessages(SWEEPS_MESSAGES);
  const label = useLabel();
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const { regions } = useRegions();
  const [regionCode, setRegionCode] = useState('');
  const [categories, setCategories] = useState<ChildCategory[]>([]);
  const [dueBy, setDueBy] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<{ regionCode?: string; categories?: string }>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [started, setStarted] = useState<number | null>(null);
  // One key per submission, kept for its retries.
  const key = useRef<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      ...(regionCode ? {} : { regionCode: m('regionRequired') }),
      ...(categories.length > 0 ? {} : { categories: m('categoriesRequired') }),
    };
    setProblems(missing);
    if (Object.keys(missing).length > 0) return;
    key.current ??= crypto.randomUUID();
    setBusy(true);
    setFailure(null);
    try {
      const sweep = await startSweep(
        api,
        {
          regionCode,
          categories,
          ...(dueBy ? { dueBy: endOfBeijingDay(dueBy) } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        key.current,
      );
      key.current = null;
      setStarted(sweep.total);
      setCategories([]);
      setNote('');
      onStarted();
    } catch (caught) {
      if (!guard(caught)) setFailure(`${m('startFailed')} ${errorMessage(caught, t)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sweeps__start" aria-label={m('startTitle')} onSubmit={(e) => void submit(e)}>
      <h2>{m('startTitle')}</h2>
      <div className="field">
        <label htmlFor={`${id}-region`}>{m('region')}</label>
        <RegionTreeSelect
          id={`${id}-region`}
          regions={regions}
          value={regionCode ? [regionCode] : []}
          onChange={(codes) => {
            setRegionCode(codes[0] ?? '');
            setProblems((p) => ({ ...p, regionCode: undefined }));
            key.current = null;
          }}
          invalid={Boolean(problems.regionCode)}
          describedBy={problems.regionCode ? `${id}-region-error` : undefined}
        />
        {problems.regionCode && (
          <div id={`${id}-region-error`} className="field-error" role="alert">
            {problems.regionCode}
          </div>
        )}
      </div>
      <fieldset className="field">
        <legend>{m('categories')}</legend>
        <Checkbox.Group
          value={categories}
          onChange={(values) => {
            setCategories(values);
            setProblems((p) => ({ ...p, categories: undefined }));
            key.current = null;
          }}
          options={CHILD_CATEGORIES.map((c) => ({
            value: c,
            label: label(CHILD_CATEGORY_LABEL[c]),
          }))}
        />
        {problems.categories && (
          <div className="field-error" role="alert">
            {problems.categories}
          </div>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-due`}>{m('dueBy')}</label>
        <DateInput id={`${id}-due`} value={dueBy} onChange={setDueBy} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{m('note')}</label>
        <Input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure}
        </p>
      )}
      {started !== null && (
        <p className="notice" role="status">
          {m('started', { count: String(started) })}
        </p>
      )}
      <Button htmlType="submit" type="primary" disabled={busy}>
        {m('start')}
      </Button>
    </form>
  );
}
