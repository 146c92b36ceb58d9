import { useTranslation } from 'react-i18next';
import { OneTimeSecret } from '../../../components/OneTimeSecret';

/** A temporary password, shown this once (see OneTimeSecret). */
export function OneTimePassword({
  title,
  password,
  onDismiss,
}: {
  title: string;
  password: string;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  return (
    <OneTimeSecret
      secret={password}
      onDismiss={onDismiss}
      texts={{
        title,
        warning: t('admin.password.warning'),
        field: t('admin.password.label'),
        copy: t('admin.password.copy'),
        dismiss: t('admin.password.dismiss'),
        copied: t('admin.password.copied'),
        copyFailed: t('admin.password.copyFailed'),
      }}
    />
  );
}
