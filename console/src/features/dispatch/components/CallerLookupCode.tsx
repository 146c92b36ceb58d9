import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TLookupCodes } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useLanguage } from '../../../lib/use-language';
import { issueLookupCodes } from '../api';
import { useMessages } from '../../../lib/messages';
import { REFERRALS_MESSAGES } from '../messages';
import { referralErrorMessage } from '../referral-errors';

/**
 * Shows, on request, the status lookup codes of the case's phone and SMS reports, for the
 * operator to read to a caller (each request is audited, so nothing loads until asked).
 */
export function CallerLookupCode({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const m = useMessages(REFERRALS_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const id = useId();
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'loading' }
    | { status: 'error'; error: unknown }
    | { status: 'ready'; codes: TLookupCodes['codes'] }
  >({ status: 'idle' });

  const show = () => {
    setState({ status: 'loading' });
    issueLookupCodes(api, caseId).then(
      ({ codes }) => setState({ status: 'ready', codes }),
      (error: unknown) => setState({ status: 'error', error }),
    );
  };

  return (
    <div className="lookup-codes" aria-labelledby={`${id}-button`}>
      <button
        type="button"
        id={`${id}-button`}
        className="button button--small button--secondary"
        disabled={state.status === 'loading'}
        aria-expanded={state.status === 'ready'}
        aria-controls={`${id}-codes`}
        onClick={show}
      >
        {m('lookup.show')}
      </button>
      <div id={`${id}-codes`} role="status">
        {state.status === 'loading' && <p>{m('lookup.loading')}</p>}
        {state.status === 'ready' &&
          (state.codes.length === 0 ? (
            <p className="muted">{m('lookup.none')}</p>
          ) : (
            <>
              <ul>
                {state.codes.map((c) => (
                  <li key={c.reportId}>
                    {m('lookup.code', {
                      reference: c.reference,
                      channel: m(c.channel === 'sms' ? 'lookup.sms' : 'lookup.voice'),
                      code: c.lookupCode,
                    })}
                  </li>
                ))}
              </ul>
              <p className="hint">{m('lookup.hint')}</p>
            </>
          ))}
      </div>
      {state.status === 'error' && (
        <p className="notice notice--error" role="alert">
          {referralErrorMessage(state.error, t, language)}
        </p>
      )}
    </div>
  );
}
