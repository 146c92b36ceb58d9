import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, List, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  HANDOVER_NOTE_MAX,
  PRESENCE_STATUSES,
  type PresenceStatus,
  type TDutyBoard,
  type THandover,
  type TUserRef,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatCountdown, formatDateTime } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { listAssignees } from '../../cases/api';
import { bulkReassign, createHandover, listHandovers } from '../../presence/api';
import { PRESENCE_COLOUR } from '../../presence/components/PresenceControl';
import { PRESENCE_LABEL } from '../../presence/messages';
import { SHIFT_MESSAGES } from '../messages';

/** Statuses counted on the board (offline people are not on duty). */
const COUNTED: PresenceStatus[] = PRESENCE_STATUSES.filter((s) => s !== 'offline');

/** How many people on duty are available, on a call, in wrap-up, on a break. */
function presenceCounts(onDuty: NonNullable<TDutyBoard['onDuty']>) {
  const counts = Object.fromEntries(COUNTED.map((s) => [s, 0])) as Record<PresenceStatus, number>;
  for (const p of onDuty) counts[p.status] += 1;
  return counts;
}

/** The presence counts tile. */
export function PresenceCounts({ onDuty }: { onDuty: NonNullable<TDutyBoard['onDuty']> }) {
  const m = useMessages(SHIFT_MESSAGES);
  const label = useLabel();
  const counts = presenceCounts(onDuty);
  return (
    <section className="card board__tile" aria-labelledby="board-presence">
      <h2 id="board-presence">{m('presence.title')}</h2>
      <ul className="board__priorities" aria-label={m('presence.title')}>
        {COUNTED.map((s) => (
          <li key={s}>
            <Tag color={PRESENCE_COLOUR[s]}>{label(PRESENCE_LABEL[s])}</Tag>{' '}
            <strong data-testid={`presence-count-${s}`}>{counts[s]}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A person's presence and for how long, in the on-duty table. */
export function PresenceCell({ status, since }: { status: PresenceStatus; since: string }) {
  const m = useMessages(SHIFT_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  const now = useNow();
  return (
    <>
      <Tag color={PRESENCE_COLOUR[status]}>{label(PRESENCE_LABEL[status])}</Tag>{' '}
      <span className="muted">
        {m('presence.since', {
          time: formatDateTime(since, language),
          for: formatCountdown(now, Date.parse(since), language).text,
        })}
      </span>
    </>
  );
}

/** Handover notes for the next shift: the latest first, and a form to write one. */
export function HandoverNotes() {
  const { t } = useTranslation();
  const api = useApi();
  const m = useMessages(SHIFT_MESSAGES);
  const [language] = useLanguage();
  const { message } = App.useApp();
  const [notes, setNotes] = useState<THandover[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [form] = Form.useForm<{ body: string }>();

  const load = useCallback(() => {
    listHandovers(api)
      .then((list) => {
        setNotes(list.handovers);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(e));
  }, [api]);
  useEffect(load, [load]);

  const submit = async ({ body }: { body: string }) => {
    setSaving(true);
    setFailure(null);
    try {
      const note = await createHandover(api, { body });
      setNotes((list) => [note, ...(list ?? [])]);
      form.resetFields();
      void message.success(m('handover.saved'));
    } catch (error) {
      setFailure(`${m('handover.failed')} ${errorMessage(error, t)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="board-handover">
      <h2 id="board-handover">{m('handover.title')}</h2>
      {loadError !== null && (
        <Alert
          type="warning"
          role="alert"
          showIcon
          title={`${m('handover.loadFailed')} ${errorMessage(loadError, t)}`}
          action={<Button onClick={load}>{t('app.retry')}</Button>}
        />
      )}
      {notes === null && loadError === null && <p className="muted">{m('handover.loading')}</p>}
      {notes !== null && (
        <List
          aria-label={m('handover.title')}
          dataSource={notes}
          locale={{ emptyText: m('handover.none') }}
          renderItem={(note) => (
            <List.Item key={note.id}>
              <List.Item.Meta
                title={
                  <>
                    {note.author.displayName} ·{' '}
                    <time dateTime={note.createdAt}>
                      {formatDateTime(note.createdAt, language)}
                    </time>
                  </>
                }
                description={<span className="handover__body">{note.body}</span>}
              />
            </List.Item>
          )}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="body"
          label={m('handover.write')}
          extra={m('handover.hint')}
          rules={[{ required: true, whitespace: true, message: m('handover.required') }]}
        >
          <Input.TextArea rows={3} maxLength={HANDOVER_NOTE_MAX} showCount />
        </Form.Item>
        {failure !== null && <Alert type="error" role="alert" showIcon title={failure} />}
        <Button type="primary" htmlType="submit" loading={saving}>
          {m('handover.save')}
        </Button>
      </Form>
    </section>
  );
}

/** Sentinel for "back to the queue" in the select (a select value cannot be null). */
const QUEUE = 'queue';

/** A supervisor moves every open case one person holds, to another or back to the queue. */
export function BulkReassign({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const m = useMessages(SHIFT_MESSAGES);
  const { message } = App.useApp();
  const [people, setPeople] = useState<TUserRef[]>([]);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [form] = Form.useForm<{ from: string; to: string }>();

  useEffect(() => {
    listAssignees(api)
      .then(setPeople)
      .catch((e: unknown) => setFailure(`${m('reassign.loadFailed')} ${errorMessage(e, t)}`));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per mount
  }, [api]);

  const submit = async ({ from, to }: { from: string; to: string }) => {
    setSaving(true);
    setFailure(null);
    try {
      const result = await bulkReassign(api, {
        fromUserId: from,
        toUserId: to === QUEUE ? null : to,
      });
      void message.success(m('reassign.done', { count: String(result.moved) }));
      form.resetFields();
      onDone();
    } catch (error) {
      setFailure(`${m('reassign.failed')} ${errorMessage(error, t)}`);
    } finally {
      setSaving(false);
    }
  };

  const options = people.map((p) => ({ value: p.id, label: p.displayName }));
  return (
    <section aria-labelledby="board-reassign">
      <h2 id="board-reassign">{m('reassign.title')}</h2>
      <p className="muted">{m('reassign.intro')}</p>
      <Form form={form} layout="inline" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="from"
          label={m('reassign.from')}
          rules={[{ required: true, message: m('reassign.fromRequired') }]}
        >
          <Select
            options={options}
            style={{ minWidth: 180 }}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          name="to"
          label={m('reassign.to')}
          dependencies={['from']}
          rules={[
            { required: true, message: m('reassign.toRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value && value === getFieldValue('from')
                  ? Promise.reject(new Error(m('reassign.same')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Select
            options={[{ value: QUEUE, label: m('reassign.queue') }, ...options]}
            style={{ minWidth: 180 }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {m('reassign.submit')}
        </Button>
      </Form>
      {failure !== null && <Alert type="error" role="alert" showIcon title={failure} />}
    </section>
  );
}
