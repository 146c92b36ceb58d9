import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Form, Input, Tag } from 'antd';
import type { ReferralMessageSide } from '@hutong/shared';
import { formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { errorMessage } from '../../../lib/error-message';
import { useReferralMessages } from '../hooks/use-referral-messages';
import { REFERRALS_MESSAGES } from '../messages';
import { referralErrorMessage } from '../referral-errors';

/**
 * The conversation on one referral between the centre and the hotline, live both ways: shown on
 * the centre's referral page (`side` centre) and on the operator's case (`side` hotline).
 */
export function ReferralMessages({
  referralId,
  centreName,
  side,
  canWrite = true,
}: {
  referralId: string;
  centreName: string;
  /** Whose screen this is: the writer's side, and whom the form writes to. */
  side: ReferralMessageSide;
  /** False where the reader may only read (e.g. an operator not holding the case). */
  canWrite?: boolean;
}) {
  const { t } = useTranslation();
  const m = useMessages(REFERRALS_MESSAGES);
  const [language] = useLanguage();
  const headingId = useId();
  const conversation = useReferralMessages(referralId);
  const [form] = Form.useForm<{ body: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async ({ body }: { body: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      await conversation.send(body.trim());
      form.resetFields();
    } catch (error) {
      setProblem(referralErrorMessage(error, t, language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="referral-messages" aria-labelledby={headingId}>
      <h3 id={headingId}>{m('messages.heading')}</h3>
      {conversation.status === 'loading' && <p>{m('messages.loading')}</p>}
      {conversation.status === 'error' && (
        <Alert
          type="error"
          showIcon
          title={`${m('messages.loadError')} ${errorMessage(conversation.error, t)}`}
          action={
            <Button size="small" onClick={conversation.reload}>
              {t('app.retry')}
            </Button>
          }
        />
      )}
      {conversation.status === 'ready' && (
        <>
          {conversation.messages.length === 0 ? (
            <p className="muted">{m('messages.empty')}</p>
          ) : (
            <ol
              className="referral-messages__list"
              role="log"
              aria-label={m('messages.listLabel', { centre: centreName })}
            >
              {conversation.messages.map((message) => (
                <li
                  key={message.id}
                  className={`referral-message referral-message--${message.side}${
                    message.side === side ? ' referral-message--mine' : ''
                  }`}
                  data-testid="referral-message"
                >
                  <div className="referral-message__meta">
                    <Tag color={message.side === 'centre' ? 'blue' : 'gold'}>
                      {message.side === 'centre' ? centreName : m('messages.hotline')}
                    </Tag>
                    {message.author && <span>{message.author.displayName}</span>}{' '}
                    <time dateTime={message.createdAt} className="muted">
                      {formatDateTime(message.createdAt, language)}
                    </time>
                  </div>
                  <p className="referral-message__body">{message.body}</p>
                </li>
              ))}
            </ol>
          )}
          {!conversation.open && <p className="muted">{m('messages.closed')}</p>}
          {conversation.open && canWrite && (
            <Form
              form={form}
              layout="vertical"
              onFinish={(values) => void submit(values)}
              requiredMark={false}
            >
              <Form.Item
                name="body"
                label={
                  side === 'centre'
                    ? m('messages.toHotline')
                    : m('messages.toCentre', { centre: centreName })
                }
                extra={m('messages.hint')}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    max: 2000,
                    message: m('messages.bodyRequired'),
                  },
                ]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {m('messages.send')}
              </Button>
            </Form>
          )}
          {problem && <Alert type="error" showIcon role="alert" title={problem} />}
        </>
      )}
    </section>
  );
}
