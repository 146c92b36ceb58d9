import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
} from 'antd';
import type { FormInstance } from 'antd';
import {
  AppError,
  CHILD_CLOSE_REASONS,
  CHILD_CLOSE_REASON_LABEL,
  CHILD_RISK_LABEL,
  CHILD_RISK_RANK,
  SEXES,
  type ChildCategory,
  type ChildCloseReason,
  type Sex,
  type TChildFile,
  type TGuardian,
  type TRegion,
  type TUpdateChild,
} from '@hutong/shared';
import { FormDateInput, beijingToday } from '../../../components/DateInput';
import { RegionTreeSelect, regionsWithin } from '../../../components/RegionTreeSelect';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useLabel, useMessages } from '../../../lib/messages';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { useRegions } from '../../report/hooks/use-regions';
import { closeChild, raiseChildRisk, updateChild } from '../api';
import { CHILDREN_MESSAGES } from '../messages';
import { ChildDetailFields } from './ChildDetailFields';
import { guardiansOf, type GuardianValues } from './GuardianFields';

/** The levels a director may raise to: those the API accepts, above the level in force. */
const RAISABLE = ['medium', 'high'] as const;

type Dialog = 'edit' | 'close' | 'raise' | 'clear' | null;

interface EditValues {
  name?: string;
  sex?: Sex;
  dobUnknown?: boolean;
  dateOfBirth?: string;
  age?: number | null;
  regionCode?: string;
  categories?: ChildCategory[];
  phone?: string;
  guardians?: GuardianValues[];
  school?: string;
  health?: string;
  notes?: string;
}

/** The fields of the edit form the server's problems are placed on (the rest go in the alert). */
const EDIT_FIELDS = [
  'name',
  'sex',
  'dateOfBirth',
  'age',
  'regionCode',
  'categories',
  'phone',
  'guardians',
  'school',
  'health',
  'notes',
] as const;

const sameGuardians = (a: readonly TGuardian[], b: readonly TGuardian[]) =>
  JSON.stringify(guardiansOf(a)) === JSON.stringify(guardiansOf(b));

const trimmedOrNull = (value: string | undefined) => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** Only the fields that differ from the file, cleared texts as null. */
function changedFields(file: TChildFile, values: EditValues): TUpdateChild {
  const body: TUpdateChild = {};
  const name = values.name?.trim() ?? '';
  if (name !== file.name) body.name = name;
  if (values.sex && values.sex !== file.sex) body.sex = values.sex;
  // A date of birth and an age replace each other on the server.
  if (values.dobUnknown) {
    const age = values.age ?? undefined;
    if (file.dateOfBirth !== null || age !== (file.age ?? undefined)) body.age = age;
  } else if ((values.dateOfBirth ?? '') !== (file.dateOfBirth ?? '')) {
    body.dateOfBirth = values.dateOfBirth || undefined;
  }
  if (values.regionCode && values.regionCode !== file.region.code)
    body.regionCode = values.regionCode;
  const guardians = guardiansOf(values.guardians);
  if (!sameGuardians(guardians, file.guardians)) body.guardians = guardians;
  const categories = values.categories ?? [];
  if (
    categories.length !== file.categories.length ||
    categories.some((c) => !file.categories.includes(c))
  )
    body.categories = categories;
  const phone = trimmedOrNull(values.phone);
  if (phone !== file.phone) body.phone = phone;
  for (const key of ['school', 'health', 'notes'] as const) {
    const value = trimmedOrNull(values[key]);
    if (value !== file[key]) body[key] = value;
  }
  return body;
}

/**
 * Puts a 400's field problems next to their fields; returns the message for the dialog's alert,
 * which names what could not be placed.
 */
function showProblem<T extends object>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
  fallback: (error: unknown) => string,
  invalid: string,
): string {
  if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
    const entries = Object.entries(error.data);
    const placed = entries.filter(([path]) => fields.includes(path.split('.')[0] ?? ''));
    form.setFields(
      placed.map(([path, message]) => ({
        name: path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
        errors: [String(message)],
      })) as Parameters<typeof form.setFields>[0],
    );
    const rest = entries.filter((e) => !placed.includes(e));
    return rest.length > 0 ? `${invalid} ${rest.map(([, v]) => String(v)).join(' ')}` : invalid;
  }
  return fallback(error);
}

/** The picker of the child's village: a region tree of the user's scope, only villages pickable. */
function VillageField({
  id,
  value,
  onChange,
  regions,
  invalid,
}: {
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  regions: readonly TRegion[];
  invalid?: boolean;
}) {
  return (
    <RegionTreeSelect
      id={id ?? 'regionCode'}
      regions={regions}
      value={value ? [value] : []}
      onChange={(codes) => onChange?.(codes[0])}
      only="village"
      invalid={invalid}
    />
  );
}

/** One of the file's dialogs: a vertical form, the server's problem under it, cancel and submit. */
function FormDialog<T extends object>({
  open,
  title,
  submit,
  cancel,
  saving,
  problem,
  form,
  initialValues,
  onCancel,
  onFinish,
  children,
}: {
  open: boolean;
  title: string;
  submit: string;
  cancel: string;
  saving: boolean;
  problem: string | null;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  onCancel: () => void;
  onFinish: (values: T) => void;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      footer={
        <Space>
          <Button onClick={onCancel}>{cancel}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {submit}
          </Button>
        </Space>
      }
      destroyOnHidden
    >
      <Form<T> form={form} layout="vertical" onFinish={onFinish} initialValues={initialValues}>
        {children}
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}

/**
 * Edit, close and raise-risk for a file that is open, for those who may change it (directors and
 * township supervisors; the server checks the region). Each answers with the new file.
 */
export function ChildFileActions({
  file,
  onChanged,
}: {
  file: TChildFile;
  onChanged: (file: TChildFile) => void;
}) {
  const m = useMessages(CHILDREN_MESSAGES);
  const label = useLabel();
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [editForm] = Form.useForm<EditValues>();
  const [closeForm] = Form.useForm<{ reason?: ChildCloseReason; note?: string }>();
  const [raiseForm] = Form.useForm<{ level?: 'high' | 'medium'; reason?: string }>();
  const [clearForm] = Form.useForm<{ reason?: string }>();
  const closeReason = Form.useWatch('reason', closeForm);
  const dobUnknown = Form.useWatch('dobUnknown', editForm);
  const { state } = useAuth();
  const scopeRoot = state.status === 'authenticated' ? state.user.regionCode : null;
  const { regions, status: regionsStatus } = useRegions();
  const inScope = useMemo(() => {
    const within = regionsWithin(regions, scopeRoot ?? null);
    // The file's own village stays shown even if the region list is not loaded or narrower.
    return within.some((r) => r.code === file.region.code) || regionsStatus !== 'ready'
      ? within
      : [
          ...within,
          {
            code: file.region.code,
            name: file.region.name,
            level: 'village' as const,
            parentCode: null,
          },
        ];
  }, [regions, regionsStatus, scopeRoot, file.region]);

  const levels = RAISABLE.filter((l) => CHILD_RISK_RANK[l] > CHILD_RISK_RANK[file.risk.level]);
  const required = [{ required: true, message: m('form.required') }];
  const fallback = (error: unknown) => errorMessage(error, t);

  const open = (which: Exclude<Dialog, null>) => {
    setProblem(null);
    setDialog(which);
  };

  const run = async (send: () => Promise<TChildFile>, onError: (error: unknown) => string) => {
    setProblem(null);
    setSaving(true);
    try {
      onChanged(await send());
      setDialog(null);
    } catch (error) {
      if (!guard(error)) setProblem(onError(error));
    } finally {
      setSaving(false);
    }
  };

  const submitEdit = async (values: EditValues) => {
    const body = changedFields(file, values);
    if (Object.keys(body).length === 0) {
      setProblem(m('actions.noChange'));
      return;
    }
    await run(
      () => updateChild(api, file.id, body),
      (error) => showProblem(editForm, error, EDIT_FIELDS, fallback, m('form.invalid')),
    );
  };

  const submitClose = async (values: { reason?: ChildCloseReason; note?: string }) => {
    const note = values.note?.trim();
    await run(
      () =>
        closeChild(api, file.id, {
          reason: values.reason ?? 'other',
          ...(note ? { note } : {}),
        }),
      (error) => showProblem(closeForm, error, ['reason', 'note'], fallback, m('form.invalid')),
    );
  };

  const submitRaise = async (values: { level?: 'high' | 'medium'; reason?: string }) => {
    await run(
      () =>
        raiseChildRisk(api, file.id, {
          level: values.level ?? 'high',
          reason: values.reason?.trim() ?? '',
        }),
      (error) => showProblem(raiseForm, error, ['level', 'reason'], fallback, m('form.invalid')),
    );
  };

  const submitClear = async (values: { reason?: string }) => {
    await run(
      () => raiseChildRisk(api, file.id, { level: null, reason: values.reason?.trim() ?? '' }),
      (error) => showProblem(clearForm, error, ['reason'], fallback, m('form.invalid')),
    );
  };

  const dialogProps = {
    cancel: m('actions.cancel'),
    saving,
    problem,
    onCancel: () => setDialog(null),
  };

  return (
    <>
      <Space className="children__file-actions" wrap>
        <Button onClick={() => open('edit')}>{m('actions.edit')}</Button>
        {levels.length > 0 && <Button onClick={() => open('raise')}>{m('actions.raise')}</Button>}
        {file.risk.raised && (
          <Button onClick={() => open('clear')}>{m('actions.clearRaise')}</Button>
        )}
        <Button danger onClick={() => open('close')}>
          {m('actions.close')}
        </Button>
      </Space>
      <FormDialog<EditValues>
        {...dialogProps}
        open={dialog === 'edit'}
        title={m('actions.editTitle')}
        submit={m('actions.save')}
        form={editForm}
        onFinish={(values) => void submitEdit(values)}
        initialValues={{
          name: file.name,
          sex: file.sex,
          dobUnknown: file.dateOfBirth === null,
          dateOfBirth: file.dateOfBirth ?? undefined,
          age: file.dateOfBirth === null ? file.age : null,
          regionCode: file.region.code,
          guardians: file.guardians.map((g) => ({ ...g })),
          categories: file.categories,
          phone: file.phone ?? '',
          school: file.school ?? '',
          health: file.health ?? '',
          notes: file.notes ?? '',
        }}
      >
        <Form.Item name="name" label={m('form.name')} rules={required}>
          <Input autoComplete="off" maxLength={50} />
        </Form.Item>
        <Form.Item name="sex" label={m('form.sex')} rules={required}>
          <Radio.Group
            options={SEXES.map((s) => ({ value: s, label: m(`sex.${s}`) }))}
            optionType="button"
          />
        </Form.Item>
        <Form.Item name="dobUnknown" valuePropName="checked">
          <Checkbox>{m('form.dobUnknown')}</Checkbox>
        </Form.Item>
        {dobUnknown ? (
          <Form.Item name="age" label={m('form.age')} rules={required}>
            <InputNumber min={0} max={17} precision={0} inputMode="numeric" />
          </Form.Item>
        ) : (
          <Form.Item name="dateOfBirth" label={m('form.dateOfBirth')} rules={required}>
            <FormDateInput max={beijingToday()} />
          </Form.Item>
        )}
        <Form.Item name="regionCode" label={m('form.village')} rules={required}>
          <VillageField regions={inScope} />
        </Form.Item>
        <ChildDetailFields />
      </FormDialog>
      <FormDialog
        {...dialogProps}
        open={dialog === 'close'}
        title={m('actions.closeTitle')}
        submit={m('actions.closeSubmit')}
        form={closeForm}
        onFinish={(values) => void submitClose(values)}
      >
        <Form.Item name="reason" label={m('actions.closeReason')} rules={required}>
          <Select
            options={CHILD_CLOSE_REASONS.map((r) => ({
              value: r,
              label: label(CHILD_CLOSE_REASON_LABEL[r]),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={m('actions.closeNote')}
          rules={
            closeReason === 'other'
              ? [{ required: true, whitespace: true, message: m('actions.closeNoteRequired') }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormDialog>
      <FormDialog
        {...dialogProps}
        open={dialog === 'raise'}
        title={m('actions.raiseTitle')}
        submit={m('actions.raiseSubmit')}
        form={raiseForm}
        onFinish={(values) => void submitRaise(values)}
      >
        <Form.Item name="level" label={m('actions.raiseLevel')} rules={required}>
          <Radio.Group
            options={levels.map((l) => ({ value: l, label: label(CHILD_RISK_LABEL[l]) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={m('actions.raiseReason')}
          rules={[{ required: true, whitespace: true, message: m('form.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormDialog>
      <FormDialog
        {...dialogProps}
        open={dialog === 'clear'}
        title={m('actions.clearTitle')}
        submit={m('actions.clearSubmit')}
        form={clearForm}
        onFinish={(values) => void submitClear(values)}
      >
        <p>{m('actions.clearExplain', { level: label(CHILD_RISK_LABEL[file.risk.ruleLevel]) })}</p>
        <Form.Item
          name="reason"
          label={m('actions.clearReason')}
          rules={[{ required: true, whitespace: true, message: m('form.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormDialog>
    </>
  );
}
