import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Descriptions, Input, Space, Tag, Timeline } from 'antd';
import type { DescriptionsProps } from 'antd';
import { REFERRAL_STATUS_ACTORS, REFERRAL_TRANSITIONS } from '@hutong/shared';
import type { ReferralStatus, TReferralDetail, TReferralTimelineEntry } from '@hutong/shared';
import { useLabel, useMessages } from '../../../lib/messages';
import { INBOX_MESSAGES } from '../messages';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { categoryLabel, formatDateTime, regionLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { PriorityBadge } from '../../cases/components/PriorityBadge';
import { getReferral, updateReferral } from '../../dispatch/api';
import {
  AckCountdown,
  OutcomeSummary,
  ReferralStatusBadge,
} from '../../dispatch/components/ReferralFacts';
import { ReferralMessages } from '../../dispatch/components/ReferralMessages';
import {
  CENTRE_KIND_LABEL,
  CENTRE_MOVE_LABEL,
  ESCALATION_STEP_LABEL,
  REFERRAL_STATUS_LABEL,
} from '../../dispatch/labels';
import { referralErrorMessage } from '../../dispatch/referral-errors';
import { OutcomeForm } from './OutcomeForm';
import '../inbox.css';

/** Ends after which the server shows the centre the case only as it was then. */
const ENDED_WITHOUT_CENTRE: readonly ReferralStatus[] = ['declined', 'cancelled', 'revoked'];

/** The moves a centre makes with one click; declining and completing open their own forms. */
type SimpleMove = 'acknowledged' | 'accepted' | 'en_route' | 'on_site';
const SIMPLE_MOVES: readonly ReferralStatus[] = ['acknowledged', 'accepted', 'en_route', 'on_site'];

/** Route `/inbox/:id`. */
export function ReferralDetailRoute() {
  const { id = '' } = useParams();
  return <ReferralDetailPage key={id} referralId={id} />;
}

/**
 * One referral as the centre's workspace: the facts (children, where, the operator's note; never
 * the reporter), its timeline, the moves the centre may make, and the conversation with the
 * hotline — all live.
 */
export function ReferralDetailPage({ referralId }: { referralId: string }) {
  const { t } = useTranslation();
  const m = useMessages(INBOX_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const label = useLabel();
  const now = useNow(1000);
  const id = useId();
  const [state, setState] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: unknown }
    | { status: 'ready'; referral: TReferralDetail }
  >({ status: 'loading' });
  const [form, setForm] = useState<'none' | 'decline' | 'outcome'>('none');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    getReferral(api, referralId).then(
      (referral) => setState({ status: 'ready', referral }),
      (error: unknown) => setState({ status: 'error', error }),
    );
  }, [api, referralId]);
  useEffect(load, [load]);
  useSocketEvent('referral.updated', ({ referral }) => {
    if (
      referral.id === referralId &&
      state.status === 'ready' &&
      referral.version > state.referral.version
    ) {
      load();
    }
  });
  // A message adds a line to the timeline.
  useSocketEvent('referral.messaged', (event) => {
    if (event.referralId === referralId) load();
  });

  if (state.status === 'loading') return <p>{m('detail.loading')}</p>;
  if (state.status === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={referralErrorMessage(state.error, t, language)}
        description={<Link to="/inbox">{m('detail.back')}</Link>}
      />
    );
  }
  const { referral } = state;
  const moves = REFERRAL_TRANSITIONS[referral.status].filter((to) =>
    REFERRAL_STATUS_ACTORS[to].includes('centre'),
  );
  const simple = moves.filter((to): to is SimpleMove => SIMPLE_MOVES.includes(to));

  const send = async (body: Parameters<typeof updateReferral>[2]) => {
    setBusy(true);
    setMessage(null);
    try {
      await updateReferral(api, referral.id, body);
      setForm('none');
      setReason('');
      load();
      return true;
    } catch (error) {
      setMessage(referralErrorMessage(error, t, language));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const { case: c } = referral;
  const none = <span className="muted">{m('detail.none')}</span>;
  const caseItems: DescriptionsProps['items'] = [
    {
      key: 'situations',
      label: m('detail.situations'),
      children: (
        <Space size={[4, 4]} wrap>
          {c.categories.map((cat) => (
            <Tag key={cat}>{categoryLabel(cat, language)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'danger',
      label: t('case.immediateDanger'),
      children: c.immediateDanger ? (
        <Tag color="error">{t('case.yes')}</Tag>
      ) : (
        <span>{t('case.no')}</span>
      ),
    },
    { key: 'region', label: t('case.region'), children: regionLabel(c.region) },
    {
      key: 'addresses',
      label: m('detail.addresses'),
      children:
        c.addresses.length > 0 ? (
          <ul className="plain-list">
            {c.addresses.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        ) : (
          none
        ),
    },
    {
      key: 'children',
      label: m('detail.children'),
      children: (
        <ul className="plain-list">
          {c.children.map((child, index) => (
            <li key={index}>
              {[
                child.name ?? m('detail.unnamed'),
                child.sex ? t(`sex.${child.sex}`) : null,
                child.age === null ? t('age.unknown') : t('age.years', { age: String(child.age) }),
                child.school,
              ]
                .filter(Boolean)
                .join(t('list.separator'))}
            </li>
          ))}
        </ul>
      ),
    },
    { key: 'note', label: m('detail.note'), children: referral.note || none },
  ];
  const referralItems: DescriptionsProps['items'] = [
    {
      key: 'centre',
      label: m('detail.centre'),
      children: `${referral.centre.name} (${label(CENTRE_KIND_LABEL[referral.centre.kind])})`,
    },
    {
      key: 'received',
      label: m('detail.received'),
      children: formatDateTime(referral.createdAt, language),
    },
    ...(referral.createdBy
      ? [
          {
            key: 'by',
            label: m('detail.referredBy'),
            children: referral.createdBy.displayName,
          },
        ]
      : []),
    ...(referral.acknowledgedAt
      ? [
          {
            key: 'ack',
            label: m('detail.acknowledged'),
            children: `${formatDateTime(referral.acknowledgedAt, language)}${
              referral.acknowledgedVia === 'phone' ? ` (${m('detail.viaPhone')})` : ''
            }`,
          },
        ]
      : []),
    ...(referral.escalationLevel > 0
      ? [
          {
            key: 'escalation',
            label: m('detail.escalation'),
            children: m('detail.escalationLevel', { level: String(referral.escalationLevel) }),
          },
        ]
      : []),
    ...(referral.reason
      ? [{ key: 'reason', label: m('detail.reason'), children: referral.reason }]
      : []),
    ...(referral.outcome
      ? [
          {
            key: 'outcome',
            label: m('detail.outcome'),
            children: <OutcomeSummary outcome={referral.outcome} />,
          },
        ]
      : []),
  ];

  const describe = (entry: TReferralTimelineEntry): string => {
    switch (entry.kind) {
      case 'created':
        return m('timeline.created');
      case 'status':
        return m('timeline.status', {
          from: entry.from ? label(REFERRAL_STATUS_LABEL[entry.from]) : '?',
          to: entry.to ? label(REFERRAL_STATUS_LABEL[entry.to]) : '?',
        });
      case 'notified':
        return m('timeline.notified');
      case 'escalated':
        return m('timeline.escalated', {
          step: entry.step ? label(ESCALATION_STEP_LABEL[entry.step]) : '',
        });
      case 'delivery':
        return m('timeline.delivery');
      case 'message':
        return m(entry.side === 'centre' ? 'timeline.message.centre' : 'timeline.message.hotline');
    }
  };

  return (
    <div className="referral-workspace">
      <p>
        <Link className="link-line" to="/inbox">
          {m('detail.back')}
        </Link>
      </p>
      <PageHeading title={m('detail.title', { reference: referral.caseReference })}>
        {m('detail.title', { reference: referral.caseReference })}
      </PageHeading>
      <Space size="middle" wrap className="referral-workspace__status">
        <PriorityBadge priority={referral.priority} />
        <ReferralStatusBadge referral={referral} />
        <AckCountdown referral={referral} now={now} />
      </Space>

      {moves.length > 0 && (
        <Card
          className="referral-workspace__card"
          title={<h2 id={`${id}-act`}>{m('detail.act')}</h2>}
          aria-labelledby={`${id}-act`}
        >
          <Space size="middle" wrap>
            {simple.map((to) => (
              <Button
                key={to}
                type="primary"
                disabled={busy}
                onClick={() => void send({ status: to })}
              >
                {label(CENTRE_MOVE_LABEL[to])}
              </Button>
            ))}
            {moves.includes('completed') && (
              <Button
                type={simple.length === 0 ? 'primary' : 'default'}
                aria-expanded={form === 'outcome'}
                onClick={() => setForm(form === 'outcome' ? 'none' : 'outcome')}
              >
                {label(CENTRE_MOVE_LABEL.completed)}
              </Button>
            )}
            {moves.includes('declined') && (
              <Button
                danger
                aria-expanded={form === 'decline'}
                onClick={() => setForm(form === 'decline' ? 'none' : 'decline')}
              >
                {label(CENTRE_MOVE_LABEL.declined)}
              </Button>
            )}
          </Space>
          {form === 'decline' && (
            <form
              className="referral-workspace__form"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                if (!reason.trim()) {
                  setReasonError(m('decline.reasonRequired'));
                  return;
                }
                setReasonError(null);
                void send({ status: 'declined', reason: reason.trim() });
              }}
            >
              <div className="field">
                <label htmlFor={`${id}-reason`}>{m('decline.reason')}</label>
                <Input.TextArea
                  id={`${id}-reason`}
                  value={reason}
                  maxLength={1000}
                  rows={3}
                  status={reasonError ? 'error' : undefined}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? `${id}-reason-error` : undefined}
                  onChange={(event) => setReason(event.target.value)}
                />
                {reasonError && (
                  <p id={`${id}-reason-error`} className="field-error">
                    {reasonError}
                  </p>
                )}
              </div>
              <Space>
                <Button danger type="primary" htmlType="submit" disabled={busy}>
                  {m('decline.submit')}
                </Button>
                <Button onClick={() => setForm('none')}>{m('detail.cancelDecline')}</Button>
              </Space>
            </form>
          )}
          {form === 'outcome' && (
            <div className="referral-workspace__form">
              <OutcomeForm
                referralId={referral.id}
                busy={busy}
                onSubmit={(outcome) => send({ status: 'completed', outcome })}
              />
            </div>
          )}
          {message && <Alert type="error" showIcon role="alert" title={message} />}
        </Card>
      )}

      <Card
        className="referral-workspace__card"
        title={<h2 id={`${id}-case`}>{m('detail.whatAndWhere')}</h2>}
      >
        {ENDED_WITHOUT_CENTRE.includes(referral.status) && (
          <Alert type="info" showIcon title={m('detail.frozen')} />
        )}
        <Descriptions column={1} bordered size="small" items={caseItems} />
      </Card>

      <Card
        className="referral-workspace__card"
        title={<h2 id={`${id}-facts`}>{m('detail.facts')}</h2>}
      >
        <Descriptions column={1} bordered size="small" items={referralItems} />
        {referral.attachments.length > 0 && (
          <section aria-labelledby={`${id}-files`}>
            <h3 id={`${id}-files`}>{m('detail.attachments')}</h3>
            <ul>
              {referral.attachments.map((a) => (
                <li key={a.id}>
                  <a
                    href={`/api/referrals/${referral.id}/attachments/${a.id}`}
                    download={a.filename}
                  >
                    {a.filename}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Card>

      <Card className="referral-workspace__card">
        <ReferralMessages
          referralId={referral.id}
          centreName={referral.centre.name}
          side="centre"
        />
      </Card>

      <Card
        className="referral-workspace__card"
        title={<h2 id={`${id}-timeline`}>{m('timeline.title')}</h2>}
      >
        {referral.timeline.length === 0 ? (
          <p className="muted">{m('timeline.empty')}</p>
        ) : (
          <Timeline
            data-testid="referral-timeline"
            items={referral.timeline.map((entry) => ({
              key: entry.seq,
              content: (
                <span>
                  <time dateTime={entry.at} className="muted">
                    {formatDateTime(entry.at, language)}
                  </time>{' '}
                  <strong>{describe(entry)}</strong>{' '}
                  <span className="muted">
                    {entry.by
                      ? m('timeline.by', { name: entry.by.displayName })
                      : m('timeline.system')}
                    {entry.viaPhone ? ` ${m('timeline.viaPhone')}` : ''}
                  </span>
                </span>
              ),
            }))}
          />
        )}
      </Card>
    </div>
  );
}
