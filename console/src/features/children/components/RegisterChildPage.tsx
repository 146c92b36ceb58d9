import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import {
  AppError,
  SEXES,
  type ChildCategory,
  type Sex,
  type TCreateChild,
  type TRegion,
} from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useMessages } from '../../../lib/messages';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { useRegions } from '../../report/hooks/use-regions';
import { registerChild } from '../api';
import { CHILDREN_MESSAGES } from '../messages';
import { FormDateInput, beijingToday } from '../../../components/DateInput';
import { ChildDetailFields } from './ChildDetailFields';
import { guardiansOf, type GuardianValues } from './GuardianFields';

interface Values {
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

/** The villages under the user's region (all villages when the user has none), by full path. */
function villagesUnder(regions: TRegion[], root: string | null | undefined) {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const path = (r: TRegion): TRegion[] => {
    const out: TRegion[] = [];
    for (
      let at: TRegion | undefined = r;
      at;
      at = at.parentCode ? byCode.get(at.parentCode) : undefined
    )
      out.unshift(at);
    return out;
  };
  return regions
    .filter((r) => r.level === 'village')
    .map((r) => ({ region: r, path: path(r) }))
    .filter(({ path: p }) => !root || p.some((a) => a.code === root))
    .map(({ region, path: p }) => ({
      value: region.code,
      label: p
        .slice(-2)
        .map((a) => a.name)
        .join(' › '),
    }));
}

const optional = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * The registration form (directors, township supervisors), phone-first. The server's field
 * problems are shown on their fields; a child already registered links to the existing file.
 */
export function RegisterChildPage() {
  const m = useMessages(CHILDREN_MESSAGES);
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const { state } = useAuth();
  const regionCode = state.status === 'authenticated' ? state.user.regionCode : null;
  const { regions, status: regionsStatus } = useRegions();
  const villages = useMemo(() => villagesUnder(regions, regionCode), [regions, regionCode]);
  const [form] = Form.useForm<Values>();
  const dobUnknown = Form.useWatch('dobUnknown', form);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [existing, setExisting] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setProblem(null);
    setExisting(null);
    const body: TCreateChild = {
      name: values.name?.trim() ?? '',
      sex: values.sex ?? 'unknown',
      regionCode: values.regionCode ?? '',
      categories: values.categories ?? [],
      ...(values.dobUnknown
        ? { age: values.age ?? undefined }
        : { dateOfBirth: values.dateOfBirth || undefined }),
      ...(optional(values.phone) ? { phone: optional(values.phone) } : {}),
      guardians: guardiansOf(values.guardians),
      ...(optional(values.school) ? { school: optional(values.school) } : {}),
      ...(optional(values.health) ? { health: optional(values.health) } : {}),
      ...(optional(values.notes) ? { notes: optional(values.notes) } : {}),
    };
    setSaving(true);
    try {
      const { id } = await registerChild(api, body);
      await navigate(`/children/${id}`);
    } catch (error) {
      if (guard(error)) return;
      if (error instanceof AppError && error.code === 'CHILD_ALREADY_REGISTERED') {
        setProblem(m('form.duplicate'));
        const childId = error.data?.childId;
        setExisting(typeof childId === 'string' ? childId : null);
      } else if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
        setProblem(m('form.invalid'));
        form.setFields(
          Object.entries(error.data).map(([path, message]) => ({
            name: path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
            errors: [String(message)],
          })) as Parameters<typeof form.setFields>[0],
        );
      } else {
        setProblem(errorMessage(error, t));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: m('form.required') }];

  return (
    <div className="children children--form">
      <p>
        <Link className="link-line" to="/children">
          {m('back')}
        </Link>
      </p>
      <PageHeading>{m('form.title')}</PageHeading>
      {regionsStatus === 'ready' && villages.length === 0 && (
        <Alert type="warning" showIcon title={m('form.noVillages')} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{ guardians: [{ livesWithChild: true }], dobUnknown: false }}
        scrollToFirstError
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
          <Select
            options={villages}
            showSearch={{ optionFilterProp: 'label' }}
            loading={regionsStatus === 'loading'}
          />
        </Form.Item>
        <ChildDetailFields />
        {problem && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={problem}
            description={
              existing ? (
                <Link to={`/children/${existing}`}>{m('form.openExisting')}</Link>
              ) : undefined
            }
          />
        )}
        <Space className="children__actions">
          <Button type="primary" htmlType="submit" loading={saving}>
            {m('form.submit')}
          </Button>
          <Link to="/children">{m('form.cancel')}</Link>
        </Space>
      </Form>
    </div>
  );
}
