import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Space } from 'antd';
import { AppError } from '@hutong/shared';
import type { TCannedReply, TSaveCannedReply } from '@hutong/shared';
import { AdminTable } from '../../../components/AdminTable';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from '../api';
import { REPLIES_MESSAGES } from '../messages';
import '../../../components/admin-form.css';

/** The limits the server holds too (shared/src/shift/schemas.ts). */
const LABEL_MAX = 60;
const TEXT_MAX = 320;

/** Administrators' list of canned SMS replies in both languages: add, edit, reorder, delete. */
export function CannedRepliesPage() {
  const m = useMessages(REPLIES_MESSAGES);
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const { message } = App.useApp();
  const [replies, setReplies] = useState<TCannedReply[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  // null: no form; 'new': adding; a reply: editing it.
  const [editing, setEditing] = useState<TCannedReply | 'new' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setLoadError(null);
      setReplies((await listCannedReplies(api)).replies);
    } catch (caught) {
      if (!guard(caught)) setLoadError(caught);
    }
  }, [api, guard]);

  useEffect(() => {
    void load();
  }, [load]);

  const name = (reply: TCannedReply) => reply.label[language];

  const remove = async (reply: TCannedReply) => {
    setFailure(null);
    try {
      await deleteCannedReply(api, reply.id);
      void message.success(m('deleted', { name: name(reply) }));
      if (editing !== 'new' && editing?.id === reply.id) setEditing(null);
      await load();
    } catch (caught) {
      if (!guard(caught)) setFailure(`${m('deleteFailed')} ${errorMessage(caught, t)}`);
    }
  };

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
        <ReplyForm
          key={editing === 'new' ? 'new' : editing.id}
          reply={editing === 'new' ? null : editing}
          nextPosition={(replies?.at(-1)?.position ?? -1) + 1}
          onSaved={(saved) => {
            setEditing(null);
            void load();
            void message.success(m('saved', { name: name(saved) }));
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {failure !== null && <Alert type="error" showIcon title={failure} />}
      <AdminTable
        caption={m('title')}
        rows={replies}
        rowKey={(r) => r.id}
        loading={m('loading')}
        empty={m('empty')}
        error={loadError}
        errorMessage={m('failed')}
        onRetry={() => void load()}
        columns={[
          { key: 'position', title: m('position'), render: (r) => r.position },
          {
            key: 'label',
            title: m('name'),
            render: (r) => (
              <>
                <div lang="zh-CN">{r.label['zh-CN']}</div>
                <div lang="en" className="muted">
                  {r.label.en}
                </div>
              </>
            ),
          },
          {
            key: 'text',
            title: m('text'),
            render: (r) => (
              <div className="canned-replies__text">
                <div lang="zh-CN">{r.text['zh-CN']}</div>
                <div lang="en" className="muted">
                  {r.text.en}
                </div>
              </div>
            ),
          },
          {
            key: 'updated',
            title: m('updated'),
            render: (r) => formatDateTime(r.updatedAt, language),
          },
          {
            key: 'actions',
            title: m('actions'),
            render: (r) => (
              <Space>
                <Button
                  size="small"
                  aria-label={m('editNamed', { name: name(r) })}
                  onClick={() => setEditing(r)}
                >
                  {m('edit')}
                </Button>
                <Popconfirm
                  title={m('deleteConfirm', { name: name(r) })}
                  okText={m('delete')}
                  cancelText={m('cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void remove(r)}
                >
                  <Button size="small" danger aria-label={m('deleteNamed', { name: name(r) })}>
                    {m('delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}

/** Adds or edits one reply; the server's field errors land on their fields. */
function ReplyForm({
  reply,
  nextPosition,
  onSaved,
  onCancel,
}: {
  reply: TCannedReply | null;
  nextPosition: number;
  onSaved: (reply: TCannedReply) => void;
  onCancel: () => void;
}) {
  const m = useMessages(REPLIES_MESSAGES);
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const [form] = Form.useForm<TSaveCannedReply>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: TSaveCannedReply) => {
    setSaving(true);
    setFailure(null);
    try {
      onSaved(
        reply
          ? await updateCannedReply(api, reply.id, values)
          : await createCannedReply(api, values),
      );
    } catch (caught) {
      if (caught instanceof AppError && caught.code === 'VALIDATION_FAILED' && caught.data) {
        // The server names fields by path (`text.en`); the form's names are the same paths.
        type Fields = Parameters<typeof form.setFields>[0];
        form.setFields(
          Object.entries(caught.data).map(([path, text]) => ({
            name: path.split('.'),
            errors: [String(text)],
          })) as Fields,
        );
      }
      setFailure(`${m('saveFailed')} ${errorMessage(caught, t)}`);
    } finally {
      setSaving(false);
    }
  };

  const required = (key: 'errors.label' | 'errors.text') => [
    { required: true, whitespace: true, message: m(key) },
  ];
  return (
    <Card
      className="admin-form"
      title={reply ? m('editTitle', { name: reply.label[language] }) : m('newTitle')}
    >
      <Form<TSaveCannedReply>
        form={form}
        layout="vertical"
        initialValues={
          reply
            ? { label: reply.label, text: reply.text, position: reply.position }
            : { position: nextPosition }
        }
        onFinish={(values) => void submit(values)}
      >
        <div className="admin-form__pair">
          <Form.Item
            name={['label', 'zh-CN']}
            label={m('labelZh')}
            rules={required('errors.label')}
          >
            <Input lang="zh-CN" maxLength={LABEL_MAX} />
          </Form.Item>
          <Form.Item name={['label', 'en']} label={m('labelEn')} rules={required('errors.label')}>
            <Input lang="en" maxLength={LABEL_MAX} />
          </Form.Item>
        </div>
        <div className="admin-form__pair">
          <Form.Item name={['text', 'zh-CN']} label={m('textZh')} rules={required('errors.text')}>
            <Input.TextArea lang="zh-CN" rows={3} maxLength={TEXT_MAX} showCount />
          </Form.Item>
          <Form.Item name={['text', 'en']} label={m('textEn')} rules={required('errors.text')}>
            <Input.TextArea lang="en" rows={3} maxLength={TEXT_MAX} showCount />
          </Form.Item>
        </div>
        <Form.Item name="position" label={m('position')} extra={m('positionHint')}>
          <InputNumber min={0} max={1000} precision={0} />
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
