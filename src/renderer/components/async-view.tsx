// The loading / error / empty states every data view shows before its content.
import type { ReactNode } from 'react';

interface AsyncViewProps {
  loading: boolean;
  error: string | null;
  /** true when loaded but there is nothing to show */
  empty?: boolean;
  emptyText?: ReactNode;
  onRetry?: () => void;
  /** show the children while a refresh is running (after the first load) */
  hasData?: boolean;
  children: ReactNode;
}

export function AsyncView(props: AsyncViewProps) {
  const { loading, error, empty, emptyText, onRetry, hasData, children } = props;
  if (error && !hasData) return <ErrorBox message={error} onRetry={onRetry} />;
  if (loading && !hasData) return <LoadingState />;
  return (
    <>
      {error && <ErrorBox message={error} onRetry={onRetry} />}
      {empty ? <div className="empty-state">{emptyText ?? 'Nothing here yet.'}</div> : children}
    </>
  );
}

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading-state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: (() => void) | undefined }) {
  return (
    <div className="error-box" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
