import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * Whether the window is scrolled to its top, kept from scroll events (which come after the
 * browser has laid the page out) so that reading it costs nothing. A fresh page starts there.
 */
let atTop = true;
if (typeof window !== 'undefined') {
  window.addEventListener('scroll', () => (atTop = window.scrollY <= 0), { passive: true });
}

/**
 * The page's h1. It takes focus when the page mounts so that after a client-side navigation a
 * screen-reader or keyboard user starts at the new page rather than at a stale link.
 */
export function PageHeading({
  children,
  title,
  focusOnMount = true,
}: {
  children: ReactNode;
  /** The document title; the visible heading when omitted and the heading is plain text. */
  title?: string;
  focusOnMount?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const documentTitle = title ?? (typeof children === 'string' ? children : undefined);

  useEffect(() => {
    // At the top of the window the heading is in view: focusing it need not scroll, and asking
    // the browser to scroll it into view would make it lay out the page so far, mid-render
    // (the largest single cost of the first load's shell in a profile). Scrolled down, as after a
    // client-side navigation from a long page, it scrolls to the heading as before.
    if (focusOnMount) ref.current?.focus(atTop ? { preventScroll: true } : undefined);
  }, [focusOnMount]);

  useEffect(() => {
    if (documentTitle) document.title = `${documentTitle} · 护童 Hutong`;
  }, [documentTitle]);

  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
