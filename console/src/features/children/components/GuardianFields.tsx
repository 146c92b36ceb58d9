import { Button, Checkbox, Form, Input, Select } from 'antd';
import {
  GUARDIAN_RELATIONS,
  GUARDIAN_RELATION_LABEL,
  type GuardianRelation,
  type TGuardian,
} from '@hutong/shared';
import { useLabel, useMessages } from '../../../lib/messages';
import { CHILDREN_MESSAGES } from '../messages';

/** A guardian as the form holds it (anything may still be missing). */
export interface GuardianValues {
  relation?: GuardianRelation;
  name?: string;
  phone?: string;
  livesWithChild?: boolean;
  workPlace?: string;
}

const optional = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** The form's guardians as the API takes them: trimmed, empty optional fields left out. */
export function guardiansOf(values: readonly GuardianValues[] | undefined): TGuardian[] {
  return (values ?? []).map((g) => {
    const phone = optional(g.phone);
    const workPlace = optional(g.workPlace);
    return {
      relation: g.relation ?? 'other',
      name: g.name?.trim() ?? '',
      ...(phone ? { phone } : {}),
      livesWithChild: g.livesWithChild ?? false,
      ...(workPlace ? { workPlace } : {}),
    };
  });
}

/**
 * The guardians of a child's form (registration, edit): rows of relation, name, phone, lives with
 * the child and workplace, added and removed; a 400 on `guardians.1.phone` lands on its field.
 */
export function GuardianFields() {
  const m = useMessages(CHILDREN_MESSAGES);
  const label = useLabel();
  const required = [{ required: true, message: m('form.required') }];
  return (
    <fieldset className="children__fieldset">
      <legend>{m('form.guardians')}</legend>
      <Form.List name="guardians">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <div key={field.key} className="children__guardian" data-guardian={index}>
                <Form.Item
                  name={[field.name, 'relation']}
                  label={m('form.relation')}
                  rules={required}
                >
                  <Select
                    options={GUARDIAN_RELATIONS.map((r) => ({
                      value: r,
                      label: label(GUARDIAN_RELATION_LABEL[r]),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'name']}
                  label={m('form.guardianName')}
                  rules={required}
                >
                  <Input autoComplete="off" maxLength={50} />
                </Form.Item>
                <Form.Item name={[field.name, 'phone']} label={m('form.phone')}>
                  <Input type="tel" inputMode="tel" autoComplete="off" />
                </Form.Item>
                <Form.Item name={[field.name, 'livesWithChild']} valuePropName="checked">
                  <Checkbox>{m('form.livesWithChild')}</Checkbox>
                </Form.Item>
                <Form.Item name={[field.name, 'workPlace']} label={m('form.workPlace')}>
                  <Input autoComplete="off" maxLength={200} />
                </Form.Item>
                <Button onClick={() => remove(field.name)}>{m('form.removeGuardian')}</Button>
              </div>
            ))}
            <Button onClick={() => add({ livesWithChild: false })}>{m('form.addGuardian')}</Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
