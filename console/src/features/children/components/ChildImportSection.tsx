import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Space } from 'antd';
import {
  AppError,
  CHILD_IMPORT_MAX_BYTES,
  ZChildImportRefusal,
  decodeCsvBytes,
  type TChildImportProblem,
  type TChildImportResult,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useMessages } from '../../../lib/messages';
import { importChildren } from '../api';
import { CHILDREN_MESSAGES } from '../messages';

type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'problems'; problems: TChildImportProblem[] }
  | { kind: 'ready'; preview: TChildImportResult }
  | { kind: 'importing'; preview: TChildImportResult }
  | { kind: 'done'; result: TChildImportResult }
  | { kind: 'failed'; message: string };

/** The bytes of a chosen file (FileReader: every browser, and jsdom). */
function readBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Administrators' import of a province's register file: the file is first checked on the server
 * without writing (every problem listed with its line), then imported all or nothing.
 */
export function ChildImportSection() {
  const m = useMessages(CHILDREN_MESSAGES);
  const { t } = useTranslation();
  const api = useApi();
  const [text, setText] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });

  const failed = (error: unknown): Step => {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
      const refusal = ZChildImportRefusal.safeParse(error.data);
      if (refusal.success) return { kind: 'problems', problems: refusal.data.problems };
    }
    return { kind: 'failed', message: errorMessage(error, t) };
  };

  const choose = async (file: File | undefined) => {
    setText(null);
    if (!file) return setStep({ kind: 'idle' });
    if (file.size > CHILD_IMPORT_MAX_BYTES) {
      return setStep({
        kind: 'failed',
        message: m('import.tooLarge', { mb: String(CHILD_IMPORT_MAX_BYTES / 1024 / 1024) }),
      });
    }
    setStep({ kind: 'checking' });
    try {
      const csv = decodeCsvBytes(await readBytes(file));
      const preview = await importChildren(api, csv, true);
      setText(csv);
      setStep({ kind: 'ready', preview });
    } catch (error) {
      setStep(failed(error));
    }
  };

  const commit = async () => {
    if (text === null || step.kind !== 'ready') return;
    setStep({ kind: 'importing', preview: step.preview });
    try {
      setStep({ kind: 'done', result: await importChildren(api, text, false) });
      setText(null);
    } catch (error) {
      setStep(failed(error));
    }
  };

  return (
    <section className="children-import" aria-labelledby="children-import-title">
      <h2 id="children-import-title">{m('import.title')}</h2>
      <p className="hint" id="children-import-hint">
        {m('import.hint')}
      </p>
      <div className="field">
        <label htmlFor="children-import-file">{m('import.file')}</label>
        <input
          id="children-import-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="children-import-hint"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
      </div>
      {step.kind === 'checking' && <p role="status">{m('import.checking')}</p>}
      {step.kind === 'problems' && (
        <div className="children-import__refused">
          <Alert
            type="error"
            showIcon
            title={m('import.problems', { count: String(step.problems.length) })}
          />
          <table className="children-import__problems">
            <thead>
              <tr>
                <th scope="col">{m('import.line')}</th>
                <th scope="col">{m('import.column')}</th>
                <th scope="col">{m('import.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {step.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.line}</td>
                  <td>{p.field}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(step.kind === 'ready' || step.kind === 'importing') && (
        <Space direction="vertical">
          <p role="status">
            {m('import.preview', {
              created: String(step.preview.created),
              skipped: String(step.preview.skipped),
            })}
          </p>
          <Button
            type="primary"
            loading={step.kind === 'importing'}
            disabled={step.preview.created === 0}
            onClick={() => void commit()}
          >
            {m('import.submit', { count: String(step.preview.created) })}
          </Button>
        </Space>
      )}
      {step.kind === 'done' && (
        <p role="status">
          {m('import.done', {
            created: String(step.result.created),
            skipped: String(step.result.skipped),
          })}
        </p>
      )}
      {step.kind === 'failed' && <Alert type="error" showIcon role="alert" title={step.message} />}
    </section>
  );
}
