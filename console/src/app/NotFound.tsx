import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading';

/** Any unknown address. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <main id="main" className="centered">
      <PageHeading>{t('app.notFound.title')}</PageHeading>
      <p>{t('app.notFound.body')}</p>
      <p>
        <Link className="link-line" to="/">
          {t('app.notFound.home')}
        </Link>
      </p>
    </main>
  );
}
