// An accessible modal on the native <dialog>: focus trap, Escape to close and a backdrop for free.
// Rendered into <body>, so where it is opened from (a table's actions cell) lends it no layout or style.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const FIRST_FIELD = '.modal-body :is(input, select, textarea):not([disabled]):not([type="hidden"])';

interface ModalProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** buttons shown at the bottom, right-aligned */
  footer?: ReactNode;
  wide?: boolean;
  /** called as it closes: where the focus goes then; by default back to what had it when it opened */
  returnFocus?: () => Element | null;
}

export function Modal({ open, title, onClose, children, footer, wide, returnFocus }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  // false once the parent closed this dialog (open=false or unmounted): the close event that close() queues
  // is then not the user's, and must not close whatever the parent shows next
  const shown = useRef(false);
  // the latest, read as the dialog closes (the effect below runs only when it opens)
  const returnFocusRef = useRef(returnFocus);
  useEffect(() => {
    returnFocusRef.current = returnFocus;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!open || !dialog) return;
    // parents unmount their dialogs, and a removed dialog gives focus to nothing: take it back by hand
    const opener = document.activeElement;
    shown.current = true;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element, the close button; the first field is what the user wants
    dialog.querySelector<HTMLElement>(FIRST_FIELD)?.focus();
    return () => {
      shown.current = false;
      if (dialog.open) dialog.close();
      const target = returnFocusRef.current ? returnFocusRef.current() : opener;
      if (target instanceof HTMLElement && target.isConnected) target.focus();
    };
  }, [open]);

  return createPortal(
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      onClose={() => {
        // still open: the event is from a close() the effect undid at once (StrictMode runs effects twice)
        if (shown.current && !ref.current?.open) onClose();
      }}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <header className="modal-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="btn-icon" aria-label="Close" onClick={onClose}>
              ×
            </button>
          </header>
          <div className="modal-body">{children}</div>
          {footer && <footer className="modal-footer">{footer}</footer>}
        </>
      )}
    </dialog>,
    document.body,
  );
}

/** A form dialog's footer: Cancel, and the button that submits the form `form` (its label while busy: `busyLabel`). */
export function FormFooter({ form, label, busy, busyLabel = 'Saving…', disabled = false, onCancel }: {
  form: string;
  label: string;
  busy: boolean;
  busyLabel?: string;
  disabled?: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" form={form} className="btn btn-primary" disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}
