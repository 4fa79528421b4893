import { useState } from 'preact/hooks';
import { ApiError, login } from '../api.ts';
import { locale, setLocale, t } from '../i18n.ts';
import { errorMessage } from '../messages.ts';
import { PasswordField } from './change-password.tsx';

export function LoginView() {
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await login(phone.trim(), password);
    } catch (e) {
      setError(e instanceof ApiError ? `${t('loginFailed')}：${errorMessage(e)}` : t('loginFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login" onSubmit={(e) => void submit(e)}>
      <h1>{t('appFull')}</h1>
      <label>
        {t('phone')}
        <input
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
          required
        />
      </label>
      <PasswordField label={t('password')} name="password" value={password} onInput={setPassword} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('login')}
      </button>
      <button type="button" class="link" onClick={() => setLocale(locale.get() === 'en' ? 'zh-CN' : 'en')}>
        {locale.get() === 'en' ? '中文' : 'English'}
      </button>
    </form>
  );
}
