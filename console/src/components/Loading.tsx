import { createContext, useContext } from 'react';
import type { ComponentType } from 'react';

/**
 * How the signed-in shell draws a loading state (an antd spinner in the content area). Public
 * pages have no provider and keep the light line below, so they never load antd.
 */
export const LoadingRendererContext = createContext<ComponentType<{ label: string }> | null>(null);

/** A calm loading state, announced to screen readers. */
export function Loading({ label }: { label: string }) {
  const Renderer = useContext(LoadingRendererContext);
  if (Renderer) return <Renderer label={label} />;
  return (
    <p className="loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
