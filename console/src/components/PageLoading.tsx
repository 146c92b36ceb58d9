import { Spin } from 'antd';

/** The signed-in console's loading state: a spinner with its label, centred in the content area. */
export function PageLoading({ label }: { label: string }) {
  return (
    <div className="page-loading" role="status" aria-live="polite" aria-label={label}>
      <Spin size="large" />
      <p className="page-loading__label">{label}</p>
    </div>
  );
}
