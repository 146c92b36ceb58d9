import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Form, Input, Radio } from 'antd';
import {
  CHILD_RISK_LABEL,
  VISIT_CHECKLIST_ITEMS,
  VISIT_CHECKLIST_LABEL,
  VISIT_KINDS,
  VISIT_KIND_LABEL,
  VISIT_SEEN,
  VISIT_SEEN_LABEL,
  type TVisitPhotoUpload,
} from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useLabel, useMessages } from '../../../lib/messages';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { CHILDREN_MESSAGES } from '../messages';
import { visitBodyFrom, type VisitFormValues } from '../visit-form';
import { useVisitOutbox } from './VisitOutbox';
import { FormBeijingDateTimeInput } from '../../../components/DateInput';
import { formPhotos, VisitPhotos, type FormPhoto } from './VisitPhotos';

/** `/children/:id/visit`. */
export function VisitRoute() {
  const { id = '' } = useParams();
  // A new navigation to the form (a refused visit taken back into it) opens it afresh.
  const { key } = useLocation();
  return <VisitPage key={`${id}:${key}`} childId={id} />;
}

/**
 * The form as it opens when there is no draft: a home visit now, the child seen; after a
 * check-in call, a phone visit at the call's time, whoever was called reached (the guardian,
 * or the child on their own phone).
 */
const freshValues = (call?: {
  startedAt?: string;
  target?: 'guardian' | 'child';
}): VisitFormValues => ({
  kind: call ? 'phone' : 'home',
  when: call?.startedAt ?? new Date().toISOString(),
  seen: call ? [call.target === 'child' ? 'child' : 'guardian'] : ['child'],
  checklist: {},
});

/**
 * The visit form, phone-first: kind, when, who was seen, the checklist (yes / no / not checked)
 * and notes. What is typed, and the photos added, are kept on the phone as a draft for this child
 * until the server confirms the visit or the device's queue holds it. The visit goes through the device's queue with an Idempotency-Key made
 * once: with no connection it waits there (and the form says so), and is sent with the same key
 * when the connection returns, so a visit that reached the server before the answer was lost is
 * recorded once.
 */
function VisitPage({ childId }: { childId: string }) {
  const m = useMessages(CHILDREN_MESSAGES);
  const label = useLabel();
  const { t } = useTranslation();
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const outbox = useVisitOutbox();
  const [form] = Form.useForm<VisitFormValues>();
  // After a check-in call: this form completes the phone visit the call was logged as.
  const [params] = useSearchParams();
  const callId = params.get('call');
  const location = useLocation();
  const [language] = useLanguage();
  const fromCall = location.state as {
    callStartedAt?: string;
    callTarget?: 'guardian' | 'child';
    /** A queued visit's photos, taken back into the form with it. */
    photos?: TVisitPhotoUpload[];
  } | null;
  const callStartedAt = fromCall?.callStartedAt;
  const call = callId ? { startedAt: callStartedAt, target: fromCall?.callTarget } : undefined;
  // A call's form starts from the call, not from a draft of an ordinary visit.
  const [draft] = useState(() => (callId ? null : outbox.loadDraft<VisitFormValues>(childId)));
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  // A call's form keeps no draft (see `draft`), so no photos of one either.
  const [draftPhotos] = useState(() =>
    callId || fromCall?.photos ? [] : outbox.loadDraftPhotos(childId),
  );
  const [photos, setPhotos] = useState<FormPhoto[]>(() =>
    formPhotos(fromCall?.photos ?? draftPhotos),
  );
  // Whether the phone had no room to keep the photos with the draft (a reload would lose them).
  const [photosNotInDraft, setPhotosNotInDraft] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const keepPhotosInDraft = (kept: readonly FormPhoto[]) => {
    if (callId) return;
    void outbox
      .saveDraftPhotos(
        childId,
        kept.map((p) => p.photo),
      )
      .then((fitted) => {
        if (mounted.current) setPhotosNotInDraft(!fitted);
      });
  };
  // Each change of the photos is kept in the draft, as each change of a field is.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the photos change
  useEffect(() => keepPhotosInDraft(photos), [photos]);
  // The server's words about the photos (they belong to no form field).
  const [refusedPhotos, setRefusedPhotos] = useState<string[]>([]);
  // How many photos this phone had no room to keep with the queued visit (held in memory).
  const [photosHeld, setPhotosHeld] = useState(0);

  const submit = async (values: VisitFormValues) => {
    setProblem(null);
    setQueued(false);
    setRefusedPhotos([]);
    setPhotosHeld(0);
    const body = {
      ...visitBodyFrom(values),
      ...(callId ? { callId } : {}),
      ...(photos.length > 0 ? { photos: photos.map((p) => p.photo) } : {}),
    };
    setSaving(true);
    try {
      const outcome = await outbox.submit(childId, body, key);
      if (outcome.kind === 'sent') {
        outbox.clearDraft(childId);
        setSaved(m('visit.saved', { level: label(CHILD_RISK_LABEL[outcome.recorded.risk.level]) }));
        await navigate(`/children/${childId}`);
        return;
      }
      if (outcome.kind === 'queued') {
        // The queue holds the visit now: a fresh form, so it is not entered (and sent) twice.
        if (outcome.error !== undefined && guard(outcome.error)) return;
        outbox.clearDraft(childId);
        setPhotosHeld(outbox.entries().find((v) => v.key === key)?.photosHeld ?? 0);
        setPhotosNotInDraft(false);
        setKey(crypto.randomUUID());
        setPhotos([]);
        form.setFieldsValue({
          ...freshValues(call),
          checklist: Object.fromEntries(VISIT_CHECKLIST_ITEMS.map((i) => [i, undefined])),
          notes: '',
        });
        setQueued(true);
        return;
      }
      // Refused (4xx): nothing was recorded; the visit leaves the queue and comes back to the
      // form, where the reason is shown; the corrected visit goes with a new key.
      outbox.discard(key);
      setKey(crypto.randomUUID());
      // The photos left the draft for the queue; they are the draft's again.
      keepPhotosInDraft(photos);
      const error = outcome.error;
      if (guard(error)) return;
      if (error.code === 'VALIDATION_FAILED' && error.data) {
        const fields = Object.entries(error.data);
        const onPhotos = (path: string) => path === 'photos' || path.startsWith('photos.');
        form.setFields(
          fields
            .filter(([path]) => !onPhotos(path))
            .map(([path, message]) => ({
              name: path === 'visitedAt' ? 'when' : path.split('.'),
              errors: [String(message)],
            })) as Parameters<typeof form.setFields>[0],
        );
        // `photos.1.dataBase64` is about the second photo; `photos` about them all.
        setRefusedPhotos(
          fields
            .filter(([path]) => onPhotos(path))
            .map(([path, message]) => {
              const index = path.split('.')[1];
              return index === undefined
                ? String(message)
                : m('photos.refused', { n: String(Number(index) + 1), error: String(message) });
            }),
        );
        setProblem(m('form.invalid'));
      } else {
        setProblem(m('visit.retry', { error: errorMessage(error, t) }));
      }
    } catch (error) {
      // The phone would not keep the visit (storage full or refused): say it is not saved.
      keepPhotosInDraft(photos);
      if (guard(error)) return;
      setProblem(m('visit.retry', { error: errorMessage(error, t) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="children children--form">
      <p>
        <Link className="link-line" to={`/children/${childId}`}>
          ‹ {m('file.visits')}
        </Link>
      </p>
      <PageHeading>{m('visit.title')}</PageHeading>
      {callId && (
        <p className="muted" role="note">
          {m('visit.fromCall', {
            date: callStartedAt ? formatDateTime(callStartedAt, language) : '—',
          })}
        </p>
      )}
      {(draft || draftPhotos.length > 0) && (
        <p className="notice" role="status">
          {m('visit.draftRestored')}
        </p>
      )}
      <Form<VisitFormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        onValuesChange={(_, all) => {
          setQueued(false);
          if (!callId) outbox.saveDraft(childId, all);
        }}
        initialValues={draft ?? freshValues(call)}
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
        <VisitPhotos photos={photos} setPhotos={setPhotos} refused={refusedPhotos} />
        {photosNotInDraft && photos.length > 0 && (
          <Alert
            type="warning"
            showIcon
            role="status"
            data-testid="visit-photos-not-in-draft"
            title={m('visit.photosNotInDraft', { count: String(photos.length) })}
          />
        )}
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
        {saved && <Alert type="success" showIcon role="status" title={saved} />}
        {queued && (
          <Alert
            type="warning"
            showIcon
            role="status"
            className="visit-queued"
            title={m('visit.queued')}
            description={<Link to={`/children/${childId}`}>{m('visit.backToFile')}</Link>}
          />
        )}
        {photosHeld > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="visit-photos-not-kept"
            title={m('visit.photosNotKept', { count: String(photosHeld) })}
          />
        )}
        <Button type="primary" htmlType="submit" loading={saving} block>
          {saving ? m('visit.saving') : m('visit.submit')}
        </Button>
      </Form>
    </div>
  );
}
