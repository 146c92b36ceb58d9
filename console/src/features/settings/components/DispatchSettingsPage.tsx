import {
  ACK_MINUTES_MAX,
  ACK_MINUTES_MIN,
  ACK_PRIORITIES,
  ZDispatchSettings,
  type TDispatchSettingsView,
} from '@hutong/shared';
import { PageHeading } from '../../../components/PageHeading';
import { ChildImportSection } from '../../children/components/ChildImportSection';
import { useApi } from '../../../lib/ApiProvider';
import { useMessages } from '../../../lib/messages';
import { SETTINGS_MESSAGES } from '../messages';
import { getDispatchSettings, updateDispatchSettings } from '../api';
import { NumberSettingsForm, zodIssues } from './NumberSettingsForm';
import { VisitSettingsSection } from './VisitSettingsSection';

const view = (settings: TDispatchSettingsView) => ({
  values: settings.ackMinutes,
  defaults: settings.defaults.ackMinutes,
  updatedBy: settings.updatedBy,
  updatedAt: settings.updatedAt,
});

/**
 * Administrators' settings: how long a centre has to acknowledge a referral, per priority (the
 * form checks with the same schema the server does), then the register's visit intervals and
 * its import.
 */
export function DispatchSettingsPage() {
  const m = useMessages(SETTINGS_MESSAGES);
  const api = useApi();
  return (
    <>
      <PageHeading>{m('title')}</PageHeading>
      <NumberSettingsForm
        id="ack"
        field="ackMinutes"
        keys={ACK_PRIORITIES}
        min={ACK_MINUTES_MIN}
        max={ACK_MINUTES_MAX}
        load={() => getDispatchSettings(api).then(view)}
        check={(ackMinutes) => zodIssues(ZDispatchSettings.safeParse({ ackMinutes }))}
        save={(ackMinutes) => updateDispatchSettings(api, { ackMinutes }).then(view)}
        text={{
          loadError: m('loadError'),
          legend: m('legend'),
          hint: m('hint'),
          label: (priority) => m(`field.${priority}`),
          defaultIs: (minutes) => m('defaultIs', { minutes: String(minutes) }),
          whole: m('errors.whole'),
          order: m('errors.order'),
          saved: m('saved'),
          save: m('save'),
          neverChanged: m('neverChanged'),
        }}
        resettable
      />
      <VisitSettingsSection />
      <ChildImportSection />
    </>
  );
}
