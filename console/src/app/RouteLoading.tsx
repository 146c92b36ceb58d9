import { useTranslation } from 'react-i18next';
import { Loading } from '../components/Loading';

/** Shown while a route's code chunk downloads. */
export function RouteLoading() {
  const { t } = useTranslation();
  return <Loading label={t('app.loading')} />;
}
