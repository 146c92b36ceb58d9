import { useState } from 'react';
import { App, Segmented, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChosenPresenceStatus, PresenceStatus, TPresence } from '@hutong/shared';
import { CHOSEN_PRESENCE_STATUSES } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useLabel, useMessages } from '../../../lib/messages';
import { setMyPresence } from '../api';
import { PRESENCE_LABEL, PRESENCE_MESSAGES } from '../messages';

/** Tag colours for each presence (antd preset colours). */
export const PRESENCE_COLOUR: Record<PresenceStatus, string> = {
  available: 'green',
  on_call: 'red',
  wrap_up: 'gold',
  break: 'blue',
  offline: 'default',
};

function isChosen(status: PresenceStatus): status is ChosenPresenceStatus {
  return (CHOSEN_PRESENCE_STATUSES as readonly string[]).includes(status);
}

/**
 * The operator's status in the console header: available or on a break, chosen here; on a call
 * and wrap-up are set by the calls, shown as a tag.
 */
export function PresenceControl({
  presence,
  onChange,
}: {
  presence: TPresence | null;
  onChange: (presence: TPresence) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const m = useMessages(PRESENCE_MESSAGES);
  const label = useLabel();
  const { notification } = App.useApp();
  const [saving, setSaving] = useState(false);

  if (!presence) return null;
  if (!isChosen(presence.status)) {
    return (
      <Tooltip title={m('systemSet')}>
        <Tag
          color={PRESENCE_COLOUR[presence.status]}
          aria-label={`${m('label')}: ${label(PRESENCE_LABEL[presence.status])}`}
        >
          {label(PRESENCE_LABEL[presence.status])}
        </Tag>
      </Tooltip>
    );
  }
  const choose = async (status: ChosenPresenceStatus) => {
    if (status === presence.status) return;
    setSaving(true);
    try {
      onChange(await setMyPresence(api, { status }));
    } catch (error) {
      notification.error({ title: m('changeFailed'), description: errorMessage(error, t) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Segmented<ChosenPresenceStatus>
      aria-label={m('label')}
      size="small"
      disabled={saving}
      value={presence.status}
      options={CHOSEN_PRESENCE_STATUSES.map((s) => ({ value: s, label: label(PRESENCE_LABEL[s]) }))}
      onChange={(value) => void choose(value)}
    />
  );
}
