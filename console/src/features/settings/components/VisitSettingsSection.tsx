import {
  VISIT_DAYS_MAX,
  VISIT_DAYS_MIN,
  ZVisitSettings,
  type TVisitSettingsView,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useMessages } from '../../../lib/messages';
import { SETTINGS_MESSAGES } from '../messages';
import { getVisitSettings, updateVisitSettings } from '../api';
import { NumberSettingsForm, zodIssues } from './NumberSettingsForm';

const LEVELS = ['high', 'medium', 'low'] as const;

const view = (settings: TVisitSettingsView) => ({
  values: settings.visitDays,
  defaults: settings.defaults.visitDays,
  updatedBy: settings.updatedBy,
  updatedAt: settings.updatedAt,
});

/**
 * The register's visit intervals on the administrators' settings page: days to the next visit
 * by risk level (`GET/PUT /api/admin/settings/visits`), checked with the server's own schema.
 */
export function VisitSettingsSection() {
  const m = useMessages(SETTINGS_MESSAGES);
  const api = useApi();
  const range = { min: String(VISIT_DAYS_MIN), max: String(VISIT_DAYS_MAX) };
  return (
    <section className="visit-settings" aria-labelledby="visit-settings-title">
      <h2 id="visit-settings-title">{m('visits.title')}</h2>
      <NumberSettingsForm
        id="visit-days"
        field="visitDays"
        keys={LEVELS}
        min={VISIT_DAYS_MIN}
        max={VISIT_DAYS_MAX}
        load={() => getVisitSettings(api).then(view)}
        check={(visitDays) => zodIssues(ZVisitSettings.safeParse({ visitDays }))}
        save={(visitDays) => updateVisitSettings(api, { visitDays }).then(view)}
        text={{
          loadError: m('visits.loadError'),
          legend: m('visits.legend'),
          hint: m('visits.hint', range),
          label: (level) => m(`visits.field.${level}`),
          defaultIs: (days) => m('visits.defaultIs', { days: String(days) }),
          whole: m('visits.errors.whole', range),
          order: m('visits.errors.order'),
          saved: m('visits.saved'),
          save: m('visits.save'),
          neverChanged: m('visits.neverChanged'),
        }}
        labelledBy="visit-settings-title"
      />
    </section>
  );
}
