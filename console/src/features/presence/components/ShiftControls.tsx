import { App, Modal } from 'antd';
import { can, type Role } from '@hutong/shared';
import { useAuth } from '../../auth/AuthProvider';
import { useSoftphone, useSoftphoneState } from '../../calls/hooks/use-softphone';
import { useLanguage } from '../../../lib/use-language';
import { formatTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useMyPresence } from '../hooks/use-my-presence';
import { PRESENCE_MESSAGES } from '../messages';
import { PresenceControl } from './PresenceControl';
import { SupervisorAlerts } from './SupervisorAlerts';
import { WrapUpForm } from './WrapUpForm';

/**
 * The shift tools in the console header: the operator's presence, the after-call wrap-up step,
 * and (supervisors) the alerts for late claims and escalations. Place inside the SocketProvider.
 */
export function ShiftControls({ role }: { role: Role }) {
  return (
    <>
      {can(role, 'calls.answer') && <MyPresence />}
      {can(role, 'realtime.supervisors') && <SupervisorAlerts />}
    </>
  );
}

function MyPresence() {
  const { state } = useAuth();
  const userId = state.status === 'authenticated' ? state.user.id : '';
  const { presence, set } = useMyPresence(userId);
  const m = useMessages(PRESENCE_MESSAGES);
  const [language] = useLanguage();
  const { message } = App.useApp();
  const softphone = useSoftphone();
  const phone = useSoftphoneState(softphone);
  const wrapping = presence?.status === 'wrap_up' && presence.callId !== null ? presence : null;
  const call = phone.call && wrapping && phone.call.callId === wrapping.callId ? phone.call : null;

  return (
    <>
      <PresenceControl presence={presence} onChange={set} />
      <Modal
        open={wrapping !== null}
        title={m('wrapUp.title')}
        footer={null}
        closable={false}
        mask={{ closable: false }}
        destroyOnHidden
      >
        {wrapping && (
          <>
            <p>
              {m('wrapUp.intro', {
                time: wrapping.wrapUpUntil ? formatTime(wrapping.wrapUpUntil, language) : '—',
              })}
            </p>
            <WrapUpForm
              callId={wrapping.callId!}
              caseRef={
                call?.caseId ? { id: call.caseId, reference: call.caseReference ?? '' } : null
              }
              onDone={(result) => {
                set(result.presence);
                void message.success(m('wrapUp.saved'));
              }}
            />
          </>
        )}
      </Modal>
    </>
  );
}
