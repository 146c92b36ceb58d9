import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, CASE_ATTACHMENT_TYPES, type TCaseDetail } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { addAttachment, addNote, attachmentUrl } from '../api';

/** A note for the timeline. */
export function NoteForm({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!text.trim()) {
      setMessage(t('work.notes.empty'));
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await addNote(api, caseId, text);
      setText('');
      onChanged();
    } catch (error) {
      if (!guard(error)) setMessage(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('work.notes.title')}</h3>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('work.notes.label')}</label>
        <textarea
          id={`${id}-note`}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('work.notes.submit')}
      </button>
      <div role="alert" className="form-error">
        {message}
      </div>
    </form>
  );
}

function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The case's files (each download is audited by the server) and an upload control. */
export function Attachments({
  detail,
  mayAdd,
  onChanged,
}: {
  detail: TCaseDetail;
  mayAdd: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (file: File) => {
    setMessage(null);
    if (file.size > ATTACHMENT_MAX_BYTES) {
      setMessage(t('work.attachments.tooLarge'));
      return;
    }
    // The server checks the bytes too; this spares an upload that would be refused.
    if (!(CASE_ATTACHMENT_TYPES as readonly string[]).includes(file.type.toLowerCase())) {
      setMessage(t('work.attachments.badType'));
      return;
    }
    setBusy(true);
    try {
      await addAttachment(api, detail.id, {
        filename: file.name,
        contentType: file.type,
        dataBase64: await toBase64(file),
      });
      onChanged();
    } catch (error) {
      if (!guard(error)) setMessage(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('work.attachments.title')}</h2>
      {detail.attachments.length === 0 ? (
        <p className="muted">{t('work.attachments.none')}</p>
      ) : (
        <ul>
          {detail.attachments.map((a) => (
            <li key={a.id}>
              <a href={attachmentUrl(detail.id, a.id)} download={a.filename}>
                {a.filename}
              </a>{' '}
              <span className="muted">
                {t('work.attachments.size', { kb: String(Math.max(1, Math.round(a.size / 1024))) })}
                {' · '}
                {formatDateTime(a.createdAt, language)}
                {a.uploadedBy &&
                  ` · ${t('work.attachments.by', { name: a.uploadedBy.displayName })}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayAdd && (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('work.attachments.choose')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept={CASE_ATTACHMENT_TYPES.join(',')}
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void upload(file);
            }}
          />
        </div>
      )}
      <p role="status">{busy ? t('work.attachments.uploading') : ''}</p>
      <div role="alert" className="form-error">
        {message}
      </div>
    </section>
  );
}
