import { useId, useState, type FormEvent } from 'react';
import { continueWithoutToken, signIn, type SignedOutReason } from '../lib/auth';

const WHY: Record<SignedOutReason, string | null> = {
  none: null,
  expired: 'Your session has expired. Sign in again.',
  rejected: 'The server did not accept your token. Sign in again.',
  'signed-out': 'You signed out.',
};

/** Pasting a bearer token (e.g. a Supabase Auth session's access_token). */
export function SignIn({ reason }: { reason: SignedOutReason }) {
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const token = String(new FormData(e.currentTarget).get('token') ?? '');
    setProblem(signIn(token));
  };
  return (
    <main className="sign-in">
      <h1>Sign in to the call dashboard</h1>
      {WHY[reason] && (
        <p className="notice" role="alert">
          {WHY[reason]}
        </p>
      )}
      <form onSubmit={submit} aria-describedby={`${id}-help`}>
        <label htmlFor={`${id}-token`}>Access token</label>
        <textarea id={`${id}-token`} name="token" rows={4} required spellCheck={false} />
        <p id={`${id}-help`} className="help">
          Paste a JWT issued for this dashboard (for example your Supabase session&apos;s access
          token). In demo mode, <code>npm start</code> prints a link that signs you in.
        </p>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit">Sign in</button>
        <button type="button" className="secondary" onClick={continueWithoutToken}>
          Continue without a token (server with AUTH_DISABLED)
        </button>
      </form>
    </main>
  );
}
