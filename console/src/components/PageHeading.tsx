import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

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
    if (focusOnMount) ref.current?.focus();
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
