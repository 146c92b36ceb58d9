import { Checkbox, Form, Input } from 'antd';
import { CHILD_CATEGORIES, CHILD_CATEGORY_LABEL } from '@hutong/shared';
import { useLabel, useMessages } from '../../../lib/messages';
import { CHILDREN_MESSAGES } from '../messages';
import { GuardianFields } from './GuardianFields';

/**
 * The file's fields after the village, the same when registering and editing a child: the
 * categories, the child's own phone (optional), guardians, school, health and notes.
 */
export function ChildDetailFields() {
  const m = useMessages(CHILDREN_MESSAGES);
  const label = useLabel();
  return (
    <>
      <Form.Item
        name="categories"
        label={m('form.categories')}
        rules={[{ required: true, message: m('form.required') }]}
      >
        <Checkbox.Group
          className="children__checks"
          options={CHILD_CATEGORIES.map((c) => ({
            value: c,
            label: label(CHILD_CATEGORY_LABEL[c]),
          }))}
        />
      </Form.Item>
      <Form.Item name="phone" label={m('form.childPhone')} extra={m('form.childPhoneHelp')}>
        <Input type="tel" inputMode="tel" autoComplete="off" maxLength={40} />
      </Form.Item>
      <GuardianFields />
      <Form.Item name="school" label={m('form.school')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="health" label={m('form.health')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="notes" label={m('form.notes')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </>
  );
}
