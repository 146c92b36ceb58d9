import { OneTimeSecret } from '../../../components/OneTimeSecret';
import { useMessages } from '../../../lib/messages';
import { ORGS_MESSAGES } from '../messages';

/** A new partner API key, shown this once (see OneTimeSecret). */
export function OneTimeKey({
  label,
  secret,
  onDismiss,
}: {
  label: string;
  secret: string;
  onDismiss: () => void;
}) {
  const m = useMessages(ORGS_MESSAGES);
  return (
    <OneTimeSecret
      secret={secret}
      heading="h3"
      onDismiss={onDismiss}
      texts={{
        title: m('secret.title', { label }),
        warning: m('secret.warning'),
        field: m('secret.field'),
        copy: m('secret.copy'),
        dismiss: m('secret.dismiss'),
        copied: m('secret.copied'),
        copyFailed: m('secret.copyFailed'),
      }}
    />
  );
}
