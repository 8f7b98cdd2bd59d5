// This month's spend of each profile against its monthly cap, as bars.
import { ErrorBox, LoadingState } from '../../components/async-view';
import { capShare } from '../../../shared/monthly-cap';
import { formatPercent, formatUsd, unpricedNote } from '../../lib/format';
import { useUsageStore } from './usage-store';

export function CapsPanel() {
  const { data, loading, error } = useUsageStore((s) => s.caps);
  return (
    <section className="card card-pad" aria-labelledby="caps-title">
      <h2 id="caps-title">This month (UTC) by profile</h2>
      {error && <ErrorBox message={error} />}
      {loading && !data && <LoadingState />}
      {data && (
        <ul className="plain-list caps" data-testid="caps">
          {data.map(({ user, credits }) => {
            const spent = credits?.spent_this_month_usd ?? null;
            const cap = user.monthly_cap_usd;
            // requests of unknown cost are not in `spent`: name them, never count them as $0
            const unpriced = unpricedNote(credits?.unpriced_requests_this_month);
            const tail = unpriced ? ` ${unpriced}` : '';
            const share = spent !== null ? capShare(spent, cap) : null;
            return (
              <li key={user.id} className="cap-row" data-profile={user.id}>
                <span className="cap-name">{user.name}</span>
                {share === null ? (
                  <span className="muted small">{formatUsd(spent)} spent{tail} · no cap</span>
                ) : (
                  <>
                    <div
                      className={share >= 1 ? 'cap-bar cap-over' : share >= 0.8 ? 'cap-bar cap-near' : 'cap-bar'}
                      role="progressbar"
                      aria-label={`${user.name}: spent of monthly cap`}
                      aria-valuemin={0}
                      aria-valuemax={cap ?? 0}
                      aria-valuenow={spent ?? 0}
                      aria-valuetext={`${formatUsd(spent)} of ${formatUsd(cap)}`}
                    >
                      <span style={{ width: `${Math.min(100, share * 100)}%` }} />
                    </div>
                    <span className="cap-figures small">
                      {formatUsd(spent)} / {formatUsd(cap)}{tail}{' '}
                      <span className="muted">({cap === 0 ? 'cap reached' : formatPercent(share)})</span>
                    </span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
