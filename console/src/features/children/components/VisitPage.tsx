import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Form, Input, Radio } from 'antd';
import {
  AppError,
  CHILD_RISK_LABEL,
  VISIT_CHECKLIST_ITEMS,
  VISIT_CHECKLIST_LABEL,
  VISIT_KINDS,
  VISIT_KIND_LABEL,
  VISIT_SEEN,
  VISIT_SEEN_LABEL,
  type TCreateVisit,
  type VisitChecklistItem,
  type VisitKind,
  type VisitSeen,
} from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useLabel, useMessages } from '../../../lib/messages';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { recordVisit } from '../api';
import { CHILDREN_MESSAGES } from '../messages';
import { FormBeijingDateTimeInput } from '../../../components/DateInput';

type Answer = 'yes' | 'no' | 'unchecked';

interface Values {
  kind?: VisitKind;
  when?: string;
  seen?: VisitSeen[];
  checklist?: Partial<Record<VisitChecklistItem, Answer>>;
  notes?: string;
}

/** Now as a `datetime-local` value in the device's time. */
/** `/children/:id/visit`. */
export function VisitRoute() {
  const { id = '' } = useParams();
  return <VisitPage key={id} childId={id} />;
}

/**
 * The visit form, phone-first: kind, when, who was seen, the checklist (yes / no / not checked)
 * and notes. One Idempotency-Key per visit, kept across retries, so a submission that reached
 * the server before the answer was lost is recorded once.
 */
export function VisitPage({ childId }: { childId: string }) {
  const m = useMessages(CHILDREN_MESSAGES);
  const label = useLabel();
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [key] = useState(() => crypto.randomUUID());
  // After a check-in call: this form completes the phone visit the call was logged as.
  const [params] = useSearchParams();
  const callId = params.get('call');
  const location = useLocation();
  const [language] = useLanguage();
  const callStartedAt = (location.state as { callStartedAt?: string } | null)?.callStartedAt;
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setProblem(null);
    const checklist: NonNullable<TCreateVisit['checklist']> = {};
    for (const item of VISIT_CHECKLIST_ITEMS) {
      const answer = values.checklist?.[item];
      if (answer === 'yes') checklist[item] = true;
      if (answer === 'no') checklist[item] = false;
    }
    const when = values.when ? new Date(values.when) : new Date();
    const body: TCreateVisit = {
      kind: values.kind ?? 'home',
      visitedAt: Number.isNaN(when.getTime()) ? '' : when.toISOString(),
      seen: values.seen ?? [],
      checklist,
      ...(values.notes?.trim() ? { notes: values.notes.trim() } : {}),
      ...(callId ? { callId } : {}),
    };
    setSaving(true);
    try {
      const result = await recordVisit(api, childId, body, key);
      setSaved(m('visit.saved', { level: label(CHILD_RISK_LABEL[result.risk.level]) }));
      await navigate(`/children/${childId}`);
    } catch (error) {
      if (guard(error)) return;
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
        form.setFields(
          Object.entries(error.data).map(([path, message]) => ({
            name: path === 'visitedAt' ? 'when' : path.split('.'),
            errors: [String(message)],
          })) as Parameters<typeof form.setFields>[0],
        );
        setProblem(m('form.invalid'));
      } else {
        setProblem(m('visit.retry', { error: errorMessage(error, t) }));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="children children--form">
      <p>
        <Link to={`/children/${childId}`}>‹ {m('file.visits')}</Link>
      </p>
      <PageHeading>{m('visit.title')}</PageHeading>
      {callId && (
        <p className="muted" role="note">
          {m('visit.fromCall', {
            date: callStartedAt ? formatDateTime(callStartedAt, language) : '—',
          })}
        </p>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{
          kind: callId ? 'phone' : 'home',
          when: callStartedAt ?? new Date().toISOString(),
          seen: callId ? ['guardian'] : ['child'],
          checklist: {},
        }}
      >
        <Form.Item name="kind" label={m('visit.kind')}>
          <Radio.Group
            optionType="button"
            disabled={Boolean(callId)}
            options={VISIT_KINDS.map((k) => ({ value: k, label: label(VISIT_KIND_LABEL[k]) }))}
          />
        </Form.Item>
        <Form.Item
          name="when"
          label={m('visit.when')}
          rules={[{ required: true, message: m('form.required') }]}
        >
          <FormBeijingDateTimeInput />
        </Form.Item>
        <Form.Item name="seen" label={m('visit.seen')}>
          <Checkbox.Group
            className="children__checks"
            options={VISIT_SEEN.map((s) => ({ value: s, label: label(VISIT_SEEN_LABEL[s]) }))}
          />
        </Form.Item>
        <fieldset className="children__fieldset">
          <legend>{m('visit.checklist')}</legend>
          <p className="muted">{m('visit.checklistHint')}</p>
          {VISIT_CHECKLIST_ITEMS.map((item) => (
            <Form.Item
              key={item}
              name={['checklist', item]}
              label={label(VISIT_CHECKLIST_LABEL[item])}
              className="children__check"
            >
              <Radio.Group
                data-item={item}
                options={[
                  { value: 'yes', label: m('visit.yes') },
                  { value: 'no', label: m('visit.no') },
                  { value: 'unchecked', label: m('visit.unchecked') },
                ]}
              />
            </Form.Item>
          ))}
        </fieldset>
        <Form.Item name="notes" label={m('visit.notes')}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
        {saved && <Alert type="success" showIcon role="status" title={saved} />}
        <Button type="primary" htmlType="submit" loading={saving} block>
          {saving ? m('visit.saving') : m('visit.submit')}
        </Button>
      </Form>
    </div>
  );
}
