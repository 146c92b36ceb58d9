import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, OUTCOME_ACTIONS, OUTCOME_ATTACHMENT_TYPES } from '@hutong/shared';
import type { OutcomeAction, TReferralOutcomeInput } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useLanguage } from '../../../lib/use-language';
import { addOutcomeAttachment } from '../../dispatch/api';
import { OUTCOME_ACTION_LABEL } from '../../dispatch/labels';
import { useLabel, useMessages } from '../../../lib/messages';
import { referralErrorMessage } from '../../dispatch/referral-errors';
import { INBOX_MESSAGES } from '../messages';
import { DateInput } from '../../../components/DateInput';

/** Today's date in the browser's time zone, as `YYYY-MM-DD`. */
function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Reads a file as base64 (without the data-URL prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.replace(/^data:[^,]*,/, ''));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** Why a chosen file cannot be attached, or null. */
function fileProblem(file: File): 'outcome.fileType' | 'outcome.fileSize' | null {
  if (!(OUTCOME_ATTACHMENT_TYPES as readonly string[]).includes(file.type.toLowerCase()))
    return 'outcome.fileType';
  if (file.size > ATTACHMENT_MAX_BYTES) return 'outcome.fileSize';
  if (file.size === 0) return 'outcome.fileSize';
  return null;
}

/**
 * What the centre did: at least one action, the date (not in the future), notes, and photos or
 * PDFs of the record. The files are uploaded first (each once, even if completing is retried);
 * the referral is completed only when all of them are attached.
 */
export function OutcomeForm({
  referralId,
  busy,
  onSubmit,
}: {
  referralId: string;
  busy: boolean;
  onSubmit: (outcome: TReferralOutcomeInput) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const m = useMessages(INBOX_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const label = useLabel();
  const id = useId();
  const [actions, setActions] = useState<OutcomeAction[]>([]);
  const [date, setDate] = useState(today);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<{ actions?: string; date?: string; files?: string }>({});
  const [files, setFiles] = useState<{ key: string; file: File; uploaded: boolean }[]>([]);
  const [uploading, setUploading] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const choose = (list: FileList | null) => {
    const chosen = [...(list ?? [])];
    const problems = chosen.flatMap((file) => {
      const problem = fileProblem(file);
      return problem ? [m(problem, { name: file.name })] : [];
    });
    setErrors((e) => ({ ...e, files: problems.length > 0 ? problems.join(' ') : undefined }));
    setFiles((current) => [
      ...current,
      ...chosen
        .filter((file) => !fileProblem(file))
        .map((file) => ({
          key: `${file.name}-${file.size}-${Math.random()}`,
          file,
          uploaded: false,
        })),
    ]);
  };

  const submit = async () => {
    const next: { actions?: string; date?: string } = {};
    if (actions.length === 0) next.actions = m('outcome.actionsRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) next.date = m('outcome.dateRequired');
    else if (date > today()) next.date = m('outcome.dateFuture');
    setErrors((e) => ({ files: e.files, ...next }));
    if (next.actions || next.date) return;
    setUploadError(null);
    for (const item of files) {
      if (item.uploaded) continue;
      setUploading(item.file.name);
      try {
        await addOutcomeAttachment(api, referralId, {
          filename: item.file.name,
          contentType: item.file.type.toLowerCase(),
          dataBase64: await readBase64(item.file),
        });
        setFiles((list) => list.map((f) => (f.key === item.key ? { ...f, uploaded: true } : f)));
      } catch (error) {
        setUploadError(
          m('outcome.uploadFailed', {
            name: item.file.name,
            reason: referralErrorMessage(error, t, language),
          }),
        );
        return;
      } finally {
        setUploading(null);
      }
    }
    await onSubmit({ actions, date, notes: notes.trim() });
  };

  return (
    <form
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-title`}>{m('outcome.title')}</h3>
      <fieldset
        aria-invalid={errors.actions ? true : undefined}
        aria-describedby={errors.actions ? `${id}-actions-error` : undefined}
      >
        <legend>{m('outcome.actions')}</legend>
        {OUTCOME_ACTIONS.map((action) => (
          <label key={action} className="checkbox">
            <input
              type="checkbox"
              checked={actions.includes(action)}
              onChange={(event) =>
                setActions((list) =>
                  event.target.checked ? [...list, action] : list.filter((a) => a !== action),
                )
              }
            />{' '}
            {label(OUTCOME_ACTION_LABEL[action])}
          </label>
        ))}
        {errors.actions && (
          <p id={`${id}-actions-error`} className="field-error">
            {errors.actions}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-date`}>{m('outcome.date')}</label>
        <DateInput
          id={`${id}-date`}
          value={date}
          max={today()}
          invalid={Boolean(errors.date)}
          describedBy={errors.date ? `${id}-date-error` : undefined}
          onChange={setDate}
        />
        {errors.date && (
          <p id={`${id}-date-error`} className="field-error">
            {errors.date}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-notes`}>{m('outcome.notes')}</label>
        <textarea
          id={`${id}-notes`}
          value={notes}
          maxLength={4000}
          rows={3}
          onChange={(event) => setNotes(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-files`}>{m('outcome.files')}</label>
        <input
          id={`${id}-files`}
          type="file"
          multiple
          accept={OUTCOME_ATTACHMENT_TYPES.join(',')}
          aria-invalid={errors.files ? true : undefined}
          aria-describedby={`${id}-files-hint${errors.files ? ` ${id}-files-error` : ''}`}
          onChange={(event) => {
            choose(event.target.files);
            event.target.value = '';
          }}
        />
        <p className="hint" id={`${id}-files-hint`}>
          {m('outcome.filesHint')}
        </p>
        {errors.files && (
          <p id={`${id}-files-error`} className="field-error">
            {errors.files}
          </p>
        )}
        {files.length > 0 && (
          <ul aria-label={m('outcome.files')}>
            {files.map((item) => (
              <li key={item.key}>
                {item.uploaded ? m('outcome.uploaded', { name: item.file.name }) : item.file.name}{' '}
                {!item.uploaded && (
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    aria-label={m('outcome.remove', { name: item.file.name })}
                    disabled={uploading !== null}
                    onClick={() => setFiles((list) => list.filter((f) => f.key !== item.key))}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p role="status">{uploading ? m('outcome.uploading', { name: uploading }) : ''}</p>
      {uploadError && (
        <p className="notice notice--error" role="alert">
          {uploadError}
        </p>
      )}
      <button type="submit" className="button" disabled={busy || uploading !== null}>
        {m('outcome.submit')}
      </button>
    </form>
  );
}
