import { useEffect, useState } from 'react';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { isMissingChunk, reloadIntoNewBuild } from './stale-build';

/**
 * A route could not be shown. A chunk of an older build that a deploy removed reloads the page
 * into the new build (once a minute at most); anything else says so, with a way to try again,
 * instead of React Router's developer screen.
 */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const stale = isMissingChunk(error);
  const [reloading, setReloading] = useState(false);
  useEffect(() => {
    if (stale) setReloading(reloadIntoNewBuild());
  }, [stale]);

  if (reloading) return <Loading label={t('app.loading')} />;
  return (
    <>
      <PageHeading>{t('app.routeError.title')}</PageHeading>
      <div className="notice notice--error" role="alert">
        <p>{stale ? t('app.routeError.stale') : t('app.routeError.body')}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('app.routeError.reload')}
        </button>
      </div>
    </>
  );
}

/** The same, for a route outside the console's shell: a page of its own. */
export function PageRouteError() {
  return (
    <main id="main" className="centered">
      <RouteError />
    </main>
  );
}
