import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMessages } from '../../../lib/messages';
import { INBOX_MESSAGES } from '../messages';
import { REFERRAL_STATUS_ACTORS, REFERRAL_TRANSITIONS } from '@hutong/shared';
import type { ReferralStatus, TReferralDetail } from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { categoryLabel, regionLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useNow } from '../../../lib/use-now';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { PriorityBadge } from '../../cases/components/PriorityBadge';
import { getReferral, updateReferral } from '../../dispatch/api';
import {
  AckCountdown,
  ReferralFacts,
  ReferralStatusBadge,
} from '../../dispatch/components/ReferralFacts';
import { CENTRE_MOVE_LABEL } from '../../dispatch/labels';
import { useLabel } from '../../../lib/messages';
import { referralErrorMessage } from '../../dispatch/referral-errors';
import { OutcomeForm } from './OutcomeForm';

/** The moves a centre makes with one click; declining and completing open their own forms. */
type SimpleMove = 'acknowledged' | 'accepted' | 'en_route' | 'on_site';
const SIMPLE_MOVES: readonly ReferralStatus[] = ['acknowledged', 'accepted', 'en_route', 'on_site'];

/** Route `/inbox/:id`. */
export function ReferralDetailRoute() {
  const { id = '' } = useParams();
  return <ReferralDetailPage key={id} referralId={id} />;
}

/** One referral as the centre sees it (children, where, the operator's note; never the reporter). */
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

  if (state.status === 'loading') return <p>{m('detail.loading')}</p>;
  if (state.status === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p>{referralErrorMessage(state.error, t, language)}</p>
        <Link to="/inbox">{m('detail.back')}</Link>
      </div>
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
  return (
    <>
      <p>
        <Link to="/inbox">{m('detail.back')}</Link>
      </p>
      <PageHeading title={m('detail.title', { reference: referral.caseReference })}>
        {m('detail.title', { reference: referral.caseReference })}
      </PageHeading>
      <p>
        <PriorityBadge priority={referral.priority} /> <ReferralStatusBadge referral={referral} />{' '}
        <AckCountdown referral={referral} now={now} />
      </p>
      <ReferralFacts referral={referral} />
      {referral.attachments.length > 0 && (
        <section aria-labelledby={`${id}-files`}>
          <h2 id={`${id}-files`}>{m('detail.attachments')}</h2>
          <ul>
            {referral.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/api/referrals/${referral.id}/attachments/${a.id}`} download={a.filename}>
                  {a.filename}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby={`${id}-case`}>
        <h2 id={`${id}-case`}>{m('detail.whatAndWhere')}</h2>
        <dl>
          <dt>{m('detail.situations')}</dt>
          <dd>
            {c.categories.map((cat) => categoryLabel(cat, language)).join(t('list.separator'))}
          </dd>
          <dt>{t('case.immediateDanger')}</dt>
          <dd>{c.immediateDanger ? t('case.yes') : t('case.no')}</dd>
          <dt>{t('case.region')}</dt>
          <dd>{regionLabel(c.region)}</dd>
          <dt>{m('detail.addresses')}</dt>
          <dd>{c.addresses.length > 0 ? c.addresses.join(' / ') : m('detail.none')}</dd>
          <dt>{m('detail.children')}</dt>
          <dd>
            <ul>
              {c.children.map((child, index) => (
                <li key={index}>
                  {[
                    child.name ?? m('detail.unnamed'),
                    child.sex ? t(`sex.${child.sex}`) : null,
                    child.age === null
                      ? t('age.unknown')
                      : t('age.years', { age: String(child.age) }),
                    child.school,
                  ]
                    .filter(Boolean)
                    .join(t('list.separator'))}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{m('detail.note')}</dt>
          <dd>{referral.note || m('detail.none')}</dd>
        </dl>
      </section>
      {moves.length > 0 && (
        <section aria-labelledby={`${id}-act`}>
          <h2 id={`${id}-act`}>{m('detail.act')}</h2>
          <div className="actions">
            {simple.map((to) => (
              <button
                key={to}
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void send({ status: to })}
              >
                {label(CENTRE_MOVE_LABEL[to])}
              </button>
            ))}
            {moves.includes('declined') && (
              <button
                type="button"
                className="button button--secondary"
                aria-expanded={form === 'decline'}
                onClick={() => setForm(form === 'decline' ? 'none' : 'decline')}
              >
                {label(CENTRE_MOVE_LABEL.declined)}
              </button>
            )}
            {moves.includes('completed') && (
              <button
                type="button"
                className="button button--secondary"
                aria-expanded={form === 'outcome'}
                onClick={() => setForm(form === 'outcome' ? 'none' : 'outcome')}
              >
                {label(CENTRE_MOVE_LABEL.completed)}
              </button>
            )}
          </div>
          {form === 'decline' && (
            <form
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
                <textarea
                  id={`${id}-reason`}
                  value={reason}
                  maxLength={1000}
                  rows={3}
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
              <button type="submit" className="button" disabled={busy}>
                {m('decline.submit')}
              </button>
            </form>
          )}
          {form === 'outcome' && (
            <OutcomeForm
              referralId={referral.id}
              busy={busy}
              onSubmit={(outcome) => send({ status: 'completed', outcome })}
            />
          )}
          {message && (
            <p className="notice notice--error" role="alert">
              {message}
            </p>
          )}
        </section>
      )}
    </>
  );
}
