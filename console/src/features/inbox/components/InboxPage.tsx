import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Segmented, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TInboxReferral } from '@hutong/shared';
import { useMessages } from '../../../lib/messages';
import { INBOX_MESSAGES } from '../messages';
import { PageHeading } from '../../../components/PageHeading';
import { categoryLabel, formatDateTime, priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { errorMessage } from '../../../lib/error-message';
import { useAuth } from '../../auth/AuthProvider';
import { PriorityBadge } from '../../cases/components/PriorityBadge';
import { AckCountdown, ReferralStatusBadge } from '../../dispatch/components/ReferralFacts';
import { inboxOrder, isOpenReferral, isOverdue } from '../../dispatch/referral-list';
import { useP1Alerts } from '../../queue/hooks/use-p1-alerts';
import { useInbox } from '../hooks/use-inbox';

const ALERT_STATE = {
  granted: 'queue.alerts.on',
  denied: 'queue.alerts.blocked',
  unsupported: 'queue.alerts.unsupported',
} as const;

/** The inbox's state filter: everything, what awaits acknowledgement, what is being worked, ended. */
const FILTERS = ['all', 'unacknowledged', 'working', 'ended'] as const;
type Filter = (typeof FILTERS)[number];

function matches(filter: Filter, referral: TInboxReferral): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'unacknowledged':
      return referral.status === 'pending';
    case 'working':
      return referral.status !== 'pending' && isOpenReferral(referral);
    case 'ended':
      return !isOpenReferral(referral);
  }
}

/**
 * The centre staff's start page: their referrals, live, with what a duty officer triages by, the
 * overdue and unacknowledged first.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const m = useMessages(INBOX_MESSAGES);
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { state: auth } = useAuth();
  const now = useNow(1000);
  const alerts = useP1Alerts();
  const [announcement, setAnnouncement] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const inbox = useInbox((referral) => {
    const priority = priorityLabel(referral.priority, language);
    setAnnouncement(m('arrived', { reference: referral.caseReference, priority }));
    // P1 rings (the same tone as the operators' queue); others arrive quietly.
    if (referral.priority === 'P1') {
      alerts.alert(
        m('alertTitle'),
        m('arrived', { reference: referral.caseReference, priority }),
        referral.id,
        () => void navigate(`/inbox/${referral.id}`),
      );
    }
  });

  const officer = auth.status === 'authenticated' ? auth.user.displayName : null;
  const centreName =
    inbox.centre?.name ?? (auth.status === 'authenticated' ? auth.user.centre?.name : undefined);
  const rows = inboxOrder(
    inbox.referrals.filter((r) => matches(filter, r)),
    now,
  );
  const count = (f: Filter) => inbox.referrals.filter((r) => matches(f, r)).length;

  const columns: TableColumnsType<TInboxReferral> = [
    {
      key: 'reference',
      title: m('columns.reference'),
      render: (_, r) => <Link to={`/inbox/${r.id}`}>{r.caseReference}</Link>,
    },
    {
      key: 'received',
      title: m('columns.received'),
      render: (_, r) => <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, language)}</time>,
    },
    {
      key: 'priority',
      title: m('columns.priority'),
      render: (_, r) => <PriorityBadge priority={r.priority} />,
    },
    {
      key: 'situations',
      title: m('columns.situations'),
      render: (_, r) => (
        <Space size={[4, 4]} wrap>
          {r.triage.categories.map((c) => (
            <Tag key={c}>{categoryLabel(c, language)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'danger',
      title: m('columns.danger'),
      render: (_, r) =>
        r.triage.immediateDanger ? (
          <Tag color="error">{m('danger.yes')}</Tag>
        ) : (
          <span className="muted">{m('danger.no')}</span>
        ),
    },
    {
      key: 'region',
      title: m('columns.region'),
      render: (_, r) =>
        r.triage.region ? (
          <span title={r.triage.region.path.join(' › ')}>{r.triage.region.name}</span>
        ) : (
          <span className="muted">{m('region.unknown')}</span>
        ),
    },
    {
      key: 'ages',
      title: m('columns.ages'),
      render: (_, r) =>
        r.triage.childAges.length === 0
          ? m('ages.none')
          : r.triage.childAges
              .map((age) =>
                age === null ? t('age.unknown') : t('age.years', { age: String(age) }),
              )
              .join(t('list.separator')),
    },
    {
      key: 'state',
      title: m('columns.status'),
      render: (_, r) => <ReferralStatusBadge referral={r} />,
    },
    {
      key: 'ack',
      title: m('columns.ack'),
      render: (_, r) =>
        r.status === 'pending' && r.ackDeadline ? (
          <AckCountdown referral={r} now={now} />
        ) : (
          <span className="muted">{m('ack.done')}</span>
        ),
    },
  ];

  return (
    <>
      <PageHeading title={m('title')}>{m('title')}</PageHeading>
      {(officer || centreName) && (
        <p className="inbox-officer" data-testid="inbox-officer">
          {[officer, centreName].filter(Boolean).join(' · ')}
        </p>
      )}
      <div className="toolbar">
        <Segmented<Filter>
          aria-label={m('filter.label')}
          value={filter}
          onChange={setFilter}
          options={FILTERS.map((f) => ({
            value: f,
            label: `${m(`filter.${f}`)} (${count(f)})`,
          }))}
        />
        {alerts.permission === 'off' ? (
          <Button size="small" onClick={() => void alerts.enable()}>
            {t('queue.alerts.enable')}
          </Button>
        ) : (
          <span className="muted">{t(ALERT_STATE[alerts.permission])}</span>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {inbox.status === 'error' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={`${m('loadError')} ${errorMessage(inbox.error, t)}`}
          action={
            <Button size="small" onClick={inbox.reload}>
              {t('app.retry')}
            </Button>
          }
        />
      )}
      {inbox.status !== 'error' && (
        <Table<TInboxReferral>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={inbox.status === 'loading'}
          pagination={false}
          scroll={{ x: 'max-content' }}
          caption={<span className="visually-hidden">{m('caption')}</span>}
          locale={{
            emptyText: inbox.status === 'loading' ? m('loading') : m(`empty.${filter}`),
          }}
          rowClassName={(r) => (isOverdue(r, now) ? 'inbox-row inbox-row--overdue' : 'inbox-row')}
          onRow={() => ({ 'data-testid': 'inbox-row' }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
    </>
  );
}
