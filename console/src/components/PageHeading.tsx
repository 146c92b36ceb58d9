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
    if (!focusOnMount) return;
    // Once the page as mounted has been drawn (a frame, then a task): focusing asks the browser
    // for the page's style, and mid-render, with more of the page's styles and content still to
    // come, that work is done twice (the largest single cost of the first load's shell in a
    // profile). At the top of the window the heading is in view and focusing need not scroll,
    // which would also lay the page out; scrolled down, as after a client-side navigation from a
    // long page, it scrolls to the heading as before.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => ref.current?.focus(atTop ? { preventScroll: true } : undefined));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
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
