import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Form, Input, Select, Space, Switch, Tag } from 'antd';
import { AppError, DIRECTORY_KINDS, parsePhone } from '@hutong/shared';
import type {
  DirectoryKind,
  TCreateDirectoryEntry,
  TDirectoryEntry,
  TRegion,
} from '@hutong/shared';
import { AdminTable } from '../../../components/AdminTable';
import { PageHeading } from '../../../components/PageHeading';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useLabel, useMessages } from '../../../lib/messages';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { useRegions } from '../../report/hooks/use-regions';
import { createDirectoryEntry, loadDirectory, updateDirectoryEntry } from '../api';
import { DIRECTORY_ADMIN_MESSAGES, DIRECTORY_KIND_LABEL, DIRECTORY_MESSAGES } from '../messages';
import '../../../components/admin-form.css';

interface EntryValues {
  name: string;
  kind: DirectoryKind;
  phone: string;
  regionCode: string | undefined;
  note?: string;
  active: boolean;
}

/** Administrators' directory: every entry (in use or not) with add and edit. */
export function DirectoryAdminPage() {
  const m = useMessages({ ...DIRECTORY_MESSAGES, ...DIRECTORY_ADMIN_MESSAGES });
  const label = useLabel();
  const api = useApi();
  const guard = useSessionGuard();
  const { message } = App.useApp();
  const { regions } = useRegions();
  const [entries, setEntries] = useState<TDirectoryEntry[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<TDirectoryEntry | 'new' | null>(null);

  const load = useCallback(async () => {
    try {
      setLoadError(null);
      setEntries((await loadDirectory(api, {})).entries);
    } catch (caught) {
      if (!guard(caught)) setLoadError(caught);
    }
  }, [api, guard]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="admin-page">
      <PageHeading>{m('title')}</PageHeading>
      <p className="muted">{m('intro')}</p>
      {editing === null ? (
        <p>
          <Button type="primary" onClick={() => setEditing('new')}>
            {m('add')}
          </Button>
        </p>
      ) : (
        <EntryForm
          key={editing === 'new' ? 'new' : editing.id}
          entry={editing === 'new' ? null : editing}
          regions={regions}
          onSaved={(saved) => {
            setEditing(null);
            void load();
            void message.success(m('saved', { name: saved.name }));
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <AdminTable
        caption={m('title')}
        rows={entries}
        rowKey={(e) => e.id}
        loading={m('loading')}
        empty={m('empty')}
        error={loadError}
        errorMessage={m('failed')}
        onRetry={() => void load()}
        columns={[
          { key: 'name', title: m('name'), render: (e) => e.name },
          { key: 'kind', title: m('kind'), render: (e) => label(DIRECTORY_KIND_LABEL[e.kind]) },
          { key: 'phone', title: m('phone'), render: (e) => e.phone },
          { key: 'region', title: m('region'), render: (e) => e.region.path.join(' › ') },
          { key: 'note', title: m('note'), render: (e) => e.note ?? '—' },
          {
            key: 'active',
            title: m('active'),
            render: (e) =>
              e.active ? <Tag color="green">{m('activeYes')}</Tag> : <Tag>{m('inactive')}</Tag>,
          },
          {
            key: 'actions',
            title: m('actions'),
            render: (e) => (
              <Button
                size="small"
                aria-label={m('editNamed', { name: e.name })}
                onClick={() => setEditing(e)}
              >
                {m('edit')}
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}

/** The region tree as a form control: one code or none. */
function RegionField({
  id,
  regions,
  value,
  onChange,
  invalid,
}: {
  id?: string;
  regions: readonly TRegion[];
  value?: string;
  onChange?: (code: string | undefined) => void;
  invalid?: boolean;
}) {
  return (
    <RegionTreeSelect
      id={id ?? 'directory-region'}
      regions={regions}
      value={value ? [value] : []}
      invalid={invalid ?? false}
      onChange={(codes) => onChange?.(codes[0])}
    />
  );
}

/** Adds or edits one entry; the server's field errors land on their fields. */
function EntryForm({
  entry,
  regions,
  onSaved,
  onCancel,
}: {
  entry: TDirectoryEntry | null;
  regions: readonly TRegion[];
  onSaved: (entry: TDirectoryEntry) => void;
  onCancel: () => void;
}) {
  const m = useMessages({ ...DIRECTORY_MESSAGES, ...DIRECTORY_ADMIN_MESSAGES });
  const label = useLabel();
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<EntryValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: EntryValues) => {
    setSaving(true);
    setFailure(null);
    const body: TCreateDirectoryEntry = {
      name: values.name.trim(),
      kind: values.kind,
      phone: values.phone.trim(),
      regionCode: values.regionCode ?? '',
      active: values.active,
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
    };
    try {
      onSaved(
        entry
          ? await updateDirectoryEntry(api, entry.id, body)
          : await createDirectoryEntry(api, body),
      );
    } catch (caught) {
      if (caught instanceof AppError && caught.code === 'VALIDATION_FAILED' && caught.data) {
        form.setFields(
          Object.entries(caught.data)
            .filter(([field]) => field in body || field === 'note')
            .map(([field, text]) => ({ name: field as keyof EntryValues, errors: [String(text)] })),
        );
      }
      setFailure(`${m('saveFailed')} ${errorMessage(caught, t)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      className="admin-form"
      title={entry ? m('editTitle', { name: entry.name }) : m('newTitle')}
    >
      <Form<EntryValues>
        form={form}
        layout="vertical"
        initialValues={
          entry
            ? {
                name: entry.name,
                kind: entry.kind,
                phone: entry.phone,
                regionCode: entry.region.code,
                note: entry.note ?? '',
                active: entry.active,
              }
            : { kind: 'police', active: true }
        }
        onFinish={(values) => void submit(values)}
      >
        <div className="admin-form__pair">
          <Form.Item
            name="name"
            label={m('name')}
            rules={[{ required: true, whitespace: true, message: m('errors.name') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="kind" label={m('kind')}>
            <Select
              options={DIRECTORY_KINDS.map((k) => ({
                value: k,
                label: label(DIRECTORY_KIND_LABEL[k]),
              }))}
            />
          </Form.Item>
        </div>
        <div className="admin-form__pair">
          <Form.Item
            name="phone"
            label={m('phone')}
            extra={m('phoneHint')}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  value && parsePhone(value, { service: true }) !== null
                    ? Promise.resolve()
                    : Promise.reject(new Error(m('errors.phone'))),
              },
            ]}
          >
            <Input type="tel" autoComplete="off" maxLength={40} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={m('region')}
            rules={[{ required: true, message: m('errors.region') }]}
          >
            <RegionField regions={regions} />
          </Form.Item>
        </div>
        <Form.Item name="note" label={m('note')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="active" label={m('active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {failure !== null && <Alert type="error" showIcon title={failure} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {m('save')}
          </Button>
          <Button onClick={onCancel}>{m('cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
