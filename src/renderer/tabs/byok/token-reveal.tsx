// New proxy tokens, each shown this one time with a copy button, until the user says it is copied.
import { CopyButton } from '../../components/copy-button';
import { useByokStore } from './byok-store';

export function TokenReveal() {
  const { revealed, dismissToken, users } = useByokStore();
  if (revealed.length === 0) return null;
  const ownerOf = (userId: string) => users?.find((u) => u.id === userId)?.name ?? userId;
  return (
    <div className="token-reveal" role="alert" data-testid="token-reveal">
      <p>
        <strong>{revealed.length === 1 ? 'New token' : `${revealed.length} new tokens`}</strong>: copy each now; tokens are stored hashed and
        cannot be shown again.
      </p>
      {revealed.map((r) => (
        <div key={r.token} className="token-line">
          <span className="token-owner">{ownerOf(r.userId)}</span>
          <div className="token-box">
            <code className="token-value">{r.token}</code>
            <CopyButton text={r.token} />
          </div>
          <button type="button" className="btn btn-small" onClick={() => dismissToken(r.token)}>
            I have copied it
          </button>
        </div>
      ))}
    </div>
  );
}
