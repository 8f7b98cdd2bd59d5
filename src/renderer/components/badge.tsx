// Small coloured labels: health, capabilities, severities.
import type { ReactNode } from 'react';

export type BadgeTone = 'ok' | 'bad' | 'warn' | 'neutral' | 'info';

export function Badge({ tone, children, title }: { tone: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
