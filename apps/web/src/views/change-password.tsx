import { useState } from 'preact/hooks';
import { refreshSession, request, updateSessionUser } from '../api.ts';
import { t } from '../i18n.ts';
import { errorMessage } from '../messages.ts';

/**
 * First login with a one-time password (a new account's, or after a reset): the manager has seen
 * it, so the person chooses their own before the page shows anything else.
 */
export function ChangePasswordView() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (next !== again) return setError(t('pwMismatch'));
    setBusy(true);
    setError('');
    try {
      const user = await request('PATCH /api/users/me', {
        body: { currentPassword: current, newPassword: next },
      });
      // The access token still says "one-time password" (the api refuses everything else with it):
      // take a fresh session before the page opens anything else.
      await refreshSession();
      updateSessionUser(user);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login" data-testid="change-password" onSubmit={(e) => void submit(e)}>
      <h1>{t('pwTitle')}</h1>
      <p class="muted">{t('pwWhy')}</p>
      <PasswordField label={t('pwOneTime')} name="currentPassword" value={current} onInput={setCurrent} />
      <PasswordField label={t('pwNew')} name="newPassword" value={next} onInput={setNext} fresh />
      <PasswordField label={t('pwAgain')} name="newPasswordAgain" value={again} onInput={setAgain} fresh />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy} data-testid="change-password-submit">
        {t('pwSave')}
      </button>
    </form>
  );
}

/** A password input with its label; `fresh` for a new password (the browser may offer to make one). */
export function PasswordField(props: {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  fresh?: boolean;
}) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        type="password"
        autoComplete={props.fresh ? 'new-password' : 'current-password'}
        minLength={props.fresh ? 8 : undefined}
        maxLength={200}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        required
      />
    </label>
  );
}
