import { useEffect, useState } from 'preact/hooks';
import type { BuyerKind, BuyerResponse, PublicUser, Role } from '#contracts';
import { request } from '../../api.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import './manager-setup.css';

const ROLES: Role[] = ['manager', 'technician', 'buyer', 'adviser'];
const KINDS: BuyerKind[] = ['party_secretary', 'cooperative', 'large_grower', 'household'];

export const roleText = (role: Role) => t(`msRole_${role}` as MessageKey);
const kindText = (kind: BuyerKind) => t(`msKind_${kind}` as MessageKey);

/**
 * A form's draft and its submission: the fields as typed, busy while the answer is out, the
 * failure in the page's language.
 */
function useDraft<T>(initial: T, onSubmit: (draft: T) => Promise<void>) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<T>) => setDraft({ ...draft, ...patch });
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    onSubmit(draft)
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  return { draft, set, submit, error, busy };
}

/** A one-time password, shown once with what it is for. */
function OneTimePassword({ who, password }: { who: string; password: string }) {
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

function UserForm({
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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="ms-buttons">
        <button type="submit" class="primary" disabled={busy} data-testid="user-submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('msCancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function UserCard({ user, onChange }: { user: PublicUser; onChange: () => void }) {
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

interface BuyerDraft {
  name: string;
  village: string;
  phone: string;
  kind: BuyerKind;
  userId: string;
}

function BuyerForm({
  initial,
  accounts,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: BuyerDraft;
  accounts: PublicUser[];
  submitLabel: string;
  onSubmit: (draft: BuyerDraft) => Promise<void>;
  onCancel?: () => void;
}) {
  const { draft, set, submit, error, busy } = useDraft(initial, onSubmit);
  return (
    <form class="ms-form" data-testid="buyer-form" onSubmit={submit}>
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
        {t('msVillage')}
        <input
          name="village"
          required
          value={draft.village}
          onInput={(e) => set({ village: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('msBuyerKind')}
        <select
          name="kind"
          value={draft.kind}
          onChange={(e) => set({ kind: e.currentTarget.value as BuyerKind })}
        >
          {KINDS.map((kind) => (
            <option value={kind}>{kindText(kind)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('msPhoneOptional')}
        <input
          name="phone"
          inputMode="tel"
          value={draft.phone}
          onInput={(e) => set({ phone: e.currentTarget.value.trim() })}
        />
      </label>
      <label>
        {t('msAccount')}
        <select name="userId" value={draft.userId} onChange={(e) => set({ userId: e.currentTarget.value })}>
          <option value="">{t('msNoAccount')}</option>
          {accounts.map((user) => (
            <option class="data" value={user.id}>
              {user.name} · {user.phone}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="ms-buttons">
        <button type="submit" class="primary" disabled={busy} data-testid="buyer-submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('msCancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function BuyerCard({
  buyer,
  accounts,
  onChange,
}: {
  buyer: BuyerResponse;
  accounts: PublicUser[];
  onChange: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const account = accounts.find((user) => user.id === buyer.userId);
  return (
    <article class="card ms-card" data-testid={`buyer-${buyer.name}`}>
      <header>
        <b class="data">{buyer.name}</b>
        <span class="ms-badge">{kindText(buyer.kind)}</span>
      </header>
      <p>
        <span class="data">{buyer.village}</span> · {buyer.phone ?? t('msNoPhone')} ·{' '}
        {account ? `${t('msAccount')} ${account.phone}` : t('msNoAccount')}
      </p>
      {editing ? (
        <BuyerForm
          initial={{
            name: buyer.name,
            village: buyer.village,
            phone: buyer.phone ?? '',
            kind: buyer.kind,
            userId: buyer.userId ?? '',
          }}
          accounts={accounts}
          submitLabel={t('msSave')}
          onCancel={() => setEditing(false)}
          onSubmit={async (draft) => {
            await request('PATCH /api/buyers/:id', {
              params: { id: buyer.id },
              body: {
                name: draft.name,
                village: draft.village,
                kind: draft.kind,
                ...(draft.phone ? { phone: draft.phone } : {}),
                ...(draft.userId ? { userId: draft.userId } : {}),
              },
            });
            setEditing(false);
            onChange();
          }}
        />
      ) : (
        <div class="ms-buttons">
          <button data-testid="buyer-edit" onClick={() => setEditing(true)}>
            {t('msEdit')}
          </button>
        </div>
      )}
    </article>
  );
}

/**
 * 人员: the accounts (manager, technician, buyer) and the buyers who order, with or without a
 * phone or an account. A new account's and a reset password are shown once.
 */
export function People() {
  const [users, setUsers] = useState<PublicUser[] | null>(null);
  const [buyers, setBuyers] = useState<BuyerResponse[] | null>(null);
  const [adding, setAdding] = useState<'none' | 'user' | 'buyer'>('none');
  const [created, setCreated] = useState<{ who: string; password: string } | null>(null);
  const [notice, setNotice] = useState('');
  const load = () => {
    void request('GET /api/users')
      .then(setUsers)
      .catch(() => setUsers([]));
    void request('GET /api/buyers')
      .then(setBuyers)
      .catch(() => setBuyers([]));
  };
  useEffect(load, []);
  const accounts = (users ?? []).filter((user) => user.role === 'buyer');
  return (
    <div class="ms" data-testid="people">
      <section class="panel">
        <h2>{t('msUsers')}</h2>
        <p class="muted">{t('msUsersNote')}</p>
        {created && <OneTimePassword who={created.who} password={created.password} />}
        {adding === 'user' ? (
          <UserForm
            initial={{ phone: '', name: '', role: 'technician', village: '' }}
            withPhone
            submitLabel={t('msCreate')}
            onCancel={() => setAdding('none')}
            onSubmit={async (draft) => {
              const answer = await request('POST /api/users', {
                body: {
                  phone: draft.phone,
                  name: draft.name,
                  role: draft.role,
                  ...(draft.village ? { village: draft.village } : {}),
                },
              });
              setCreated({ who: answer.user.name, password: answer.password ?? t('passwordWithheld') });
              setAdding('none');
              load();
            }}
          />
        ) : (
          <button class="primary ms-add" data-testid="add-user" onClick={() => setAdding('user')}>
            {t('msAddUser')}
          </button>
        )}
        {users === null ? (
          <p class="muted">{t('loading')}</p>
        ) : (
          <div class="cards">
            {users.map((user) => (
              <UserCard key={user.id} user={user} onChange={load} />
            ))}
          </div>
        )}
      </section>
      <section class="panel">
        <h2>{t('msBuyers')}</h2>
        <p class="muted">{t('msBuyersNote')}</p>
        {notice && (
          <p class="ms-notice" role="status" data-testid="buyer-notice">
            {t('msBuyerAdded')} <b class="data">{notice}</b>
          </p>
        )}
        {adding === 'buyer' ? (
          <BuyerForm
            initial={{ name: '', village: '', phone: '', kind: 'household', userId: '' }}
            accounts={accounts}
            submitLabel={t('msCreate')}
            onCancel={() => setAdding('none')}
            onSubmit={async (draft) => {
              const buyer = await request('POST /api/buyers', {
                body: {
                  name: draft.name,
                  village: draft.village,
                  kind: draft.kind,
                  ...(draft.phone ? { phone: draft.phone } : {}),
                  ...(draft.userId ? { userId: draft.userId } : {}),
                },
              });
              setNotice(buyer.name);
              setAdding('none');
              load();
            }}
          />
        ) : (
          <button class="primary ms-add" data-testid="add-buyer" onClick={() => setAdding('buyer')}>
            {t('msAddBuyer')}
          </button>
        )}
        {buyers === null ? (
          <p class="muted">{t('loading')}</p>
        ) : (
          <div class="cards">
            {buyers.map((buyer) => (
              <BuyerCard key={buyer.id} buyer={buyer} accounts={accounts} onChange={load} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
