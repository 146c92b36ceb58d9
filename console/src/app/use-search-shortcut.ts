import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';

const SEARCH_PATH = '/cases/search';

/** True while typing somewhere, where "/" is a character and not a shortcut. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** Puts the cursor in the search page's first field. */
function focusSearchField(): boolean {
  const field = document.querySelector<HTMLInputElement>('#main form input');
  field?.focus();
  return field !== null;
}

/**
 * "/" anywhere in the console (outside a text field) opens case search with the cursor in its
 * first field, as in many web apps.
 */
export function useSearchShortcut(enabled: boolean): void {
  const navigate = useNavigate();
  const location = useLocation();
  const focusRequested =
    typeof location.state === 'object' &&
    location.state !== null &&
    'focusSearch' in location.state;

  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.defaultPrevented || isEditable(event.target)) return;
      event.preventDefault();
      if (location.pathname === SEARCH_PATH && focusSearchField()) return;
      void navigate(SEARCH_PATH, { state: { focusSearch: true } });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled, navigate, location.pathname]);

  // The page's heading takes focus as it mounts (children's effects run first); then the field.
  useEffect(() => {
    if (focusRequested && location.pathname === SEARCH_PATH) focusSearchField();
  }, [focusRequested, location.pathname, location.key]);
}
