// A new proxy token, shown this one time with a copy button.
import { CopyButton } from '../../components/copy-button';
import { useByokStore } from './byok-store';

export function TokenReveal() {
  const { revealed, dismissToken, users } = useByokStore();
  if (!revealed) return null;
  const owner = users?.find((u) => u.id === revealed.userId)?.name ?? revealed.userId;
  return (
    <div className="token-reveal" role="alert" data-testid="token-reveal">
      <div>
        <strong>New token for {owner}</strong>
        <p>Copy it now: it is stored hashed and cannot be shown again.</p>
      </div>
      <div className="token-box">
        <code className="token-value">{revealed.token}</code>
        <CopyButton text={revealed.token} />
      </div>
      <button type="button" className="btn btn-small" onClick={dismissToken}>
        I have copied it
      </button>
    </div>
  );
}
