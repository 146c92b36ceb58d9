import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Form, Input, Modal, Radio, Space } from 'antd';
import {
  AppError,
  GUARDIAN_RELATION_LABEL,
  type TCheckinCall,
  type TChildFile,
  type TStartCheckinCall,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useLabel, useMessages } from '../../../lib/messages';
import { useReconnected, useSocketEvent } from '../../../realtime/use-socket-event';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { useSoftphone } from '../../calls/hooks/use-softphone';
import {
  receptionProblem,
  twilioErrorCode,
  type CheckinReception,
} from '../../calls/checkin-reception';
import { loadCheckinCall, startCheckinCall } from '../api';
import { CHILDREN_MESSAGES } from '../messages';

/** Whom to call: a guardian by position, or the child on their own phone. */
type Whom = number | 'child';

interface Values {
  whom?: Whom;
  via?: 'phone' | 'softphone';
  staffPhone?: string;
}

/** What to say about a browser-phone problem, in the reader's language. */
function useReceptionError(): (error: unknown) => string {
  const m = useMessages(CHILDREN_MESSAGES);
  const { t } = useTranslation();
  return (error) => {
    switch (receptionProblem(error)) {
      case 'microphone':
        return m('call.softphone.microphone');
      case 'token':
        return m('call.softphone.token');
      case 'other': {
        const code = twilioErrorCode(error);
        return code === null
          ? errorMessage(error, t)
          : m('call.softphone.error', { code: String(code) });
      }
    }
  };
}

/** The browser's leg of a check-in call taken on the softphone: its state, problems, hang-up. */
function BrowserLeg({ reception }: { reception: CheckinReception }) {
  const m = useMessages(CHILDREN_MESSAGES);
  const describe = useReceptionError();
  const state = useSyncExternalStore(reception.subscribe, reception.getState);
  const hangUp = useRef<HTMLButtonElement>(null);
  // Once connected, Enter or Space hangs up without hunting for the button.
  useEffect(() => {
    if (state.status === 'connected') hangUp.current?.focus();
  }, [state.status]);
  return (
    <section className="children__softphone" aria-label={m('call.softphone.label')}>
      <p role="status" aria-live="polite" data-softphone={state.status}>
        {m(`call.softphone.${state.status}`)}
      </p>
      {state.error !== null && (
        <Alert type="warning" showIcon role="alert" title={describe(state.error)} />
      )}
      {state.status !== 'ended' && (
        <Button danger ref={hangUp} onClick={() => reception.hangUp()}>
          {m('call.softphone.hangUp')}
        </Button>
      )}
    </section>
  );
}

/**
 * The file's **Call** button and its dialog: pick a guardian with a phone number, or the child
 * when the file has the child's own phone, and how to take the call, then follow it live (ringing you, ringing them, connected, ended with its outcome).
 * Taken in the browser with Twilio's Voice SDK, the softphone registers and answers the call's
 * staff leg itself (see `CheckinReception`). Once it has ended, the visit form opens pre-filled
 * as the call's phone visit.
 */
export function CheckinCallButton({
  file,
  onEnded,
}: {
  file: TChildFile;
  /** The call has ended (its visit is on the file): reload the file. */
  onEnded: () => void;
}) {
  const m = useMessages(CHILDREN_MESSAGES);
  const label = useLabel();
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [call, setCall] = useState<TCheckinCall | null>(null);
  const softphone = useSoftphone();
  const describeReception = useReceptionError();
  const [reception, setReception] = useState<CheckinReception | null>(null);
  const receptionNow = useRef<CheckinReception | null>(null);
  receptionNow.current = reception;
  // Leaving the page drops the browser's leg: nothing would be left to hang it up with.
  useEffect(() => () => receptionNow.current?.close(), []);
  const receptionStatus = useSyncExternalStore(
    (onChange) => reception?.subscribe(onChange) ?? (() => undefined),
    () => reception?.getState().status ?? null,
  );
  const onBrowserCall = receptionStatus !== null && receptionStatus !== 'ended';
  const reachable: Whom[] = [
    ...file.guardians.flatMap((g, index) => (g.phone ? [index] : [])),
    ...(file.phone ? ['child' as const] : []),
  ];

  // The latest helpers, read by the poll without restarting it on every render.
  const latest = useRef({ guard, onEnded, failed: (_error: unknown): string => '' });
  latest.current = {
    guard,
    onEnded,
    failed: (error: unknown) => m('call.failed', { error: errorMessage(error, t) }),
  };

  // Follows the call as the server pushes it (`checkin.updated`, to whoever placed the call);
  // the whole call is read once when it ends, and once after a reconnect (a push may be lost).
  const callId = call?.id;
  const ended = call?.state === 'ended';
  const following = useRef<string | null>(null);
  following.current = callId && !ended ? callId : null;
  // The call is over: whatever is left of the browser's leg goes too.
  useEffect(() => {
    if (ended) reception?.close();
  }, [ended, reception]);
  const refresh = useCallback(
    (id: string) => {
      void loadCheckinCall(api, file.id, id).then(
        (next) => {
          if (following.current !== id) return;
          setCall(next);
          if (next.state === 'ended') latest.current.onEnded();
        },
        (error: unknown) => {
          if (following.current === id && !latest.current.guard(error)) {
            setProblem(latest.current.failed(error));
          }
        },
      );
    },
    [api, file.id],
  );
  useSocketEvent('checkin.updated', (pushed) => {
    if (pushed.id !== following.current) return;
    if (pushed.state === 'ended') refresh(pushed.id);
    else setCall((now) => (now && now.id === pushed.id ? { ...now, ...pushed } : now));
  });
  useReconnected(() => {
    if (following.current) refresh(following.current);
  });

  const submit = async (values: Values) => {
    setProblem(null);
    const whom = values.whom ?? reachable[0];
    const body: TStartCheckinCall = {
      to: whom === 'child' ? 'child' : { guardianIndex: whom ?? 0 },
      ...(values.via === 'softphone'
        ? { softphone: true }
        : { staffPhone: values.staffPhone?.trim() ?? '' }),
    };
    setBusy(true);
    // In the browser with Twilio's SDK: be registered before Twilio rings `client:…`.
    const receiving = body.softphone ? (softphone?.receiveCheckin() ?? null) : null;
    if (receiving) {
      setReception(receiving);
      try {
        await receiving.ready;
      } catch (error) {
        setBusy(false);
        setReception(null);
        setProblem(m('call.softphone.registerFailed', { error: describeReception(error) }));
        return;
      }
    }
    try {
      const started = await startCheckinCall(api, file.id, body);
      setCall(started);
      if (receiving) {
        if (started.state !== 'ended' && started.staffCallSid)
          receiving.expect(started.staffCallSid);
        else receiving.close();
      }
      if (started.state === 'ended') onEnded();
      // The call may have moved before this console heard of it: read it once.
      else {
        following.current = started.id;
        refresh(started.id);
      }
    } catch (error) {
      receiving?.close();
      setReception(null);
      if (guard(error)) return;
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
        const fields = Object.entries(error.data).map(([path, message]) => ({
          name: path.startsWith('to') ? 'whom' : path,
          errors: [String(message)],
        }));
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
        setProblem(m('form.invalid'));
      } else {
        setProblem(m('call.failed', { error: errorMessage(error, t) }));
      }
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    reception?.close();
    setReception(null);
    setOpen(false);
    setCall(null);
    setProblem(null);
  };

  const duration = (seconds: number) =>
    m('call.duration', {
      minutes: String(Math.floor(seconds / 60)),
      seconds: String(seconds % 60),
    });

  return (
    <>
      <Button onClick={() => setOpen(true)}>{m('call.button')}</Button>
      <Modal
        open={open}
        title={m('call.title')}
        onCancel={close}
        footer={null}
        destroyOnHidden
        // On the call in the browser, Escape or a stray click must not hang up: use the button.
        keyboard={!onBrowserCall}
        mask={{ closable: !onBrowserCall }}
      >
        {call ? (
          <div className="children__call" role="status" aria-live="polite">
            <p>
              <strong>
                {m(
                  call.state === 'calling_party' && call.target.kind === 'child'
                    ? 'call.state.calling_child'
                    : `call.state.${call.state}`,
                )}
              </strong>
            </p>
            {call.outcome && (
              <p data-outcome={call.outcome}>
                {m(`call.outcome.${call.outcome}`, {
                  duration: duration(call.talkSeconds ?? 0),
                })}
              </p>
            )}
            {call.visitId && <p className="muted">{m('call.logged')}</p>}
            <Space>
              {call.visitId && (
                <Button
                  type="primary"
                  onClick={() =>
                    void navigate(`/children/${file.id}/visit?call=${call.id}`, {
                      state: { callStartedAt: call.startedAt, callTarget: call.target.kind },
                    })
                  }
                >
                  {m('call.fillForm')}
                </Button>
              )}
              <Button onClick={close}>{m('call.close')}</Button>
            </Space>
          </div>
        ) : reachable.length === 0 ? (
          <Alert type="info" showIcon title={m('call.noGuardianPhone')} />
        ) : (
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={(values) => void submit(values)}
            initialValues={{ whom: reachable[0], via: 'phone' }}
          >
            <Form.Item name="whom" label={m('call.whom')}>
              <Radio.Group>
                {file.guardians.map((g, index) => (
                  <Radio key={index} value={index} disabled={!g.phone}>
                    {g.name} · {label(GUARDIAN_RELATION_LABEL[g.relation])}
                    {!g.phone && ` (${m('call.noPhone')})`}
                  </Radio>
                ))}
                {file.phone && <Radio value="child">{m('call.child', { name: file.name })}</Radio>}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="via" label={m('call.via')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'phone', label: m('call.viaPhone') },
                  { value: 'softphone', label: m('call.viaSoftphone') },
                ]}
              />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a: Values, b: Values) => a.via !== b.via}>
              {({ getFieldValue }) =>
                getFieldValue('via') === 'phone' && (
                  <Form.Item
                    name="staffPhone"
                    label={m('call.staffPhone')}
                    rules={[{ required: true, message: m('form.required') }]}
                  >
                    <Input type="tel" autoComplete="tel" />
                  </Form.Item>
                )
              }
            </Form.Item>
            <p className="muted">{m('call.hint')}</p>
            {problem && <Alert type="error" showIcon role="alert" title={problem} />}
            <Button type="primary" htmlType="submit" loading={busy} block>
              {m('call.start')}
            </Button>
          </Form>
        )}
        {call && reception && <BrowserLeg reception={reception} />}
        {call && problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Modal>
    </>
  );
}
