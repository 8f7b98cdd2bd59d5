// The opt-in body capture: off by default; on for a chosen number of days, then off by itself.
import { useEffect, useState } from 'react';
import { BODY_CAPTURE_MAX_DAYS } from '../../../shared/defaults';
import { toast } from '../../components/toast';
import { formatDateTime } from '../../lib/format';
import { useActivityStore } from './activity-store';

const DAY_CHOICES = [1, 3, 7, 14, BODY_CAPTURE_MAX_DAYS];

/** Whether the capture window is open now; turns itself off when the window ends while shown. */
function useCaptureOn(until: string | null): boolean {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const left = Date.parse(until) - Date.now();
    if (left <= 0 || left > 2 ** 31 - 1) return;
    const timer = setTimeout(() => setNow(Date.now()), left + 50);
    return () => clearTimeout(timer);
  }, [until]);
  return until !== null && Date.parse(until) > now;
}

export function BodyCapturePanel() {
  const { captureUntil, setCapture } = useActivityStore();
  const [days, setDays] = useState(3);
  const [busy, setBusy] = useState(false);
  const on = useCaptureOn(captureUntil);

  const change = async (until: string | null) => {
    setBusy(true);
    const r = await setCapture(until);
    setBusy(false);
    if (!r.ok) toast.bad(r.error.message);
  };

  return (
    <div className="body-capture card card-pad" data-testid="body-capture">
      {on ? (
        <>
          <span>
            <strong>Capturing request and response bodies</strong> until {formatDateTime(captureUntil)}. Keys are redacted;
            bodies are kept 7 days.
          </span>
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void change(null)}>
            Stop capturing
          </button>
        </>
      ) : (
        <>
          <span>
            <strong>Bodies are not stored.</strong> Turn on capture to see what a tool sent and got back (keys redacted).
          </span>
          <span className="inline-label">
            <label htmlFor="capture-days">Capture for</label>
            <select id="capture-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {DAY_CHOICES.map((d) => (
                <option key={d} value={d}>
                  {d === 1 ? '1 day' : `${d} days`}
                </option>
              ))}
            </select>
          </span>
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void change(new Date(Date.now() + days * 86_400_000).toISOString())}>
            Start capturing
          </button>
        </>
      )}
    </div>
  );
}
