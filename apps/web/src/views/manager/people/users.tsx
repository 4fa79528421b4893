// The accounts on the people page: the card of each, its form, and a one-time password shown once.
import { useState } from 'preact/hooks';
import type { PublicUser, Role } from '#contracts';
import { request } from '../../../api.ts';
import { t, type MessageKey } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';
import { DraftFooter, useDraft } from './draft.tsx';

const ROLES: Role[] = ['manager', 'technician', 'buyer', 'adviser'];

export const roleText = (role: Role) => t(`msRole_${role}` as MessageKey);

/** A one-time password, shown once with what it is for. */
export function OneTimePassword({ who, password }: { who: string; password: string }) {
  return (
    <div class="ms-secret" data-testid="one-time-password" role="status">
      <p>
        {t('msOneTimeFor')} <b class="data">{who}</b>
      </p>
      <code data-testid="one-time-password-value">{password}</code>
      <p class="muted">{t('msOneTimeNote')}</p>
    </div>
  );
}

interface UserDraft {
  phone: string;
  name: string;
  role: Role;
  village: string;
}

export function UserForm({
  initial,
  withPhone,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: UserDraft;
  withPhone: boolean;
  submitLabel: string;
  onSubmit: (draft: UserDraft) => Promise<void>;
  onCancel?: () => void;
}) {
  const { draft, set, submit, error, busy } = useDraft(initial, onSubmit);
  return (
    <form class="ms-form" data-testid="user-form" onSubmit={submit}>
      {withPhone && (
        <label>
          {t('msPhone')}
          <input
            name="phone"
            inputMode="tel"
            required
            value={draft.phone}
            onInput={(e) => set({ phone: e.currentTarget.value.trim() })}
          />
        </label>
      )}
      <label>
        {t('msName')}
        <input
          name="name"
          required
          value={draft.name}
          onInput={(e) => set({ name: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('msRole')}
        <select name="role" value={draft.role} onChange={(e) => set({ role: e.currentTarget.value as Role })}>
          {ROLES.map((role) => (
            <option value={role}>{roleText(role)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('msVillageOptional')}
        <input
          name="village"
          value={draft.village}
          onInput={(e) => set({ village: e.currentTarget.value })}
        />
      </label>
      <DraftFooter name="user" error={error} busy={busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}

export function UserCard({ user, onChange }: { user: PublicUser; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const act = (work: () => Promise<unknown>) => {
    setError('');
    work()
      .then(onChange)
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  const params = { id: user.id };
  return (
    <article class={`card ms-card${user.disabled ? ' ms-disabled' : ''}`} data-testid={`user-${user.phone}`}>
      <header>
        <b class="data">{user.name}</b>
        <span class="ms-badge">{roleText(user.role)}</span>
      </header>
      <p>
        {user.phone}
        {user.village && <span class="data"> · {user.village}</span>}
        {user.disabled && <span class="ms-badge ms-off"> {t('msDisabled')}</span>}
      </p>
      {password && <OneTimePassword who={user.name} password={password} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {editing ? (
        <UserForm
          initial={{ phone: user.phone, name: user.name, role: user.role, village: user.village ?? '' }}
          withPhone={false}
          submitLabel={t('msSave')}
          onCancel={() => setEditing(false)}
          onSubmit={async (draft) => {
            await request('PATCH /api/users/:id', {
              params,
              body: {
                name: draft.name,
                role: draft.role,
                ...(draft.village ? { village: draft.village } : {}),
              },
            });
            setEditing(false);
            onChange();
          }}
        />
      ) : (
        <div class="ms-buttons">
          <button data-testid="user-edit" onClick={() => setEditing(true)}>
            {t('msEdit')}
          </button>
          <button
            data-testid="user-reset"
            onClick={() =>
              act(async () => {
                if (!confirm(t('msResetConfirm').replace('{name}', user.name))) return;
                const answer = await request('POST /api/users/:id/reset-password', { params });
                // Null when this was a replayed answer: the password was shown in the first one only.
                setPassword(answer.password ?? t('passwordWithheld'));
              })
            }
          >
            {t('msResetPassword')}
          </button>
          {user.disabled ? (
            <button
              data-testid="user-enable"
              onClick={() =>
                act(() => request('PATCH /api/users/:id', { params, body: { disabled: false } }))
              }
            >
              {t('msEnable')}
            </button>
          ) : (
            <button
              data-testid="user-disable"
              onClick={() =>
                act(async () => {
                  if (confirm(t('msDisableConfirm').replace('{name}', user.name)))
                    await request('POST /api/users/:id/disable', { params });
                })
              }
            >
              {t('msDisable')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
