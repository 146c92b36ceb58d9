import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Space } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CALL_OUTCOMES,
  WRAP_UP_NOTE_MAX,
  type CallOutcome,
  type TWrapUpResult,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useLabel, useMessages } from '../../../lib/messages';
import { wrapUpCall } from '../api';
import { CALL_OUTCOME_LABEL, PRESENCE_MESSAGES } from '../messages';

interface Values {
  outcome?: CallOutcome;
  note?: string;
}

/**
 * The after-call step: the case the call belongs to, how the call ended and a short note. Saving
 * records it on the call (and the case's timeline) and makes the operator available again.
 */
export function WrapUpForm({
  callId,
  caseRef,
  onDone,
}: {
  callId: string;
  caseRef: { id: string; reference: string } | null;
  onDone: (result: TWrapUpResult) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const m = useMessages(PRESENCE_MESSAGES);
  const label = useLabel();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: Values) => {
    if (!values.outcome) return;
    setSaving(true);
    setFailure(null);
    try {
      const note = values.note?.trim();
      onDone(await wrapUpCall(api, callId, { outcome: values.outcome, ...(note ? { note } : {}) }));
    } catch (error) {
      setFailure(`${m('wrapUp.failed')} ${errorMessage(error, t)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark>
      <Form.Item label={m('wrapUp.case')}>
        {caseRef ? (
          <Link to={`/cases/${caseRef.id}`}>{caseRef.reference}</Link>
        ) : (
          <span className="muted">{m('wrapUp.noCase')}</span>
        )}
      </Form.Item>
      <Form.Item
        name="outcome"
        label={m('wrapUp.outcome')}
        rules={[{ required: true, message: m('wrapUp.outcomeRequired') }]}
      >
        <Radio.Group>
          <Space orientation="vertical">
            {CALL_OUTCOMES.map((o) => (
              <Radio key={o} value={o}>
                {label(CALL_OUTCOME_LABEL[o])}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label={m('wrapUp.note')}>
        <Input.TextArea rows={3} maxLength={WRAP_UP_NOTE_MAX} showCount />
      </Form.Item>
      {failure !== null && <Alert type="error" role="alert" title={failure} showIcon />}
      <Button type="primary" htmlType="submit" loading={saving}>
        {m('wrapUp.save')}
      </Button>
    </Form>
  );
}
