import type { ReactNode } from 'react';
import { typography } from '../../theme/typography.ts';

function Screen({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div
        className="w-full max-w-md rounded-xl bg-white p-6 shadow-md ring-1 ring-gray-200"
        data-testid={testId}
        role="alert"
      >
        <p className="text-sm font-semibold text-primary-700">Spendscope</p>
        <h1 className={`mt-2 ${typography.heading}`}>{title}</h1>
        <div className={`mt-3 space-y-3 ${typography.body}`}>{children}</div>
      </div>
    </main>
  );
}

/** The server refused the token: expired, revoked, or signed for someone else. */
export function SessionExpiredScreen() {
  return (
    <Screen title="Your sign-in has expired" testId="session-expired">
      <p>
        For your security, dashboard links stop working after a while. Nothing you were looking at is shown
        any more.
      </p>
      <p>Open a fresh dashboard link from your app to continue.</p>
    </Screen>
  );
}

/** No token at all: the page was opened without a sign-in link. */
export function SignInRequiredScreen() {
  return (
    <Screen title="Sign in to see your usage" testId="sign-in-required">
      <p>This dashboard opens from a sign-in link that your app provides, of the form</p>
      <p>
        <code className="break-all rounded bg-gray-100 px-1.5 py-0.5 text-sm">/billing?token=…</code>
      </p>
      <p>Ask your administrator for a link if you do not have one.</p>
    </Screen>
  );
}
