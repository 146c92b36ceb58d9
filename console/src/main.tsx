import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { watchForMissingChunks } from './app/stale-build';
import { loadI18n } from './lib/i18n';
import './app/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
watchForMissingChunks();
// Only the reader's language is fetched, before the first render (no flash of the other one).
void loadI18n().then((i18n) => {
  createRoot(root).render(
    <StrictMode>
      <App i18n={i18n} />
    </StrictMode>,
  );
});
