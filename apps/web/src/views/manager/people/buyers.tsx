// The buyers on the people page: the card of each and its form.
import { useState } from 'preact/hooks';
import type { BuyerKind, BuyerResponse, PublicUser } from '#contracts';
import { request } from '../../../api.ts';
import { t, type MessageKey } from '../../../i18n.ts';
import { DraftFooter, useDraft } from './draft.tsx';

const KINDS: BuyerKind[] = ['party_secretary', 'cooperative', 'large_grower', 'household'];

const kindText = (kind: BuyerKind) => t(`msKind_${kind}` as MessageKey);

export interface BuyerDraft {
  name: string;
  village: string;
  phone: string;
  kind: BuyerKind;
  userId: string;
}

/** What the api takes for a buyer as drafted: the optional fields only when filled in. */
export const buyerBody = (draft: BuyerDraft) => ({
  name: draft.name,
  village: draft.village,
  kind: draft.kind,
  ...(draft.phone ? { phone: draft.phone } : {}),
  ...(draft.userId ? { userId: draft.userId } : {}),
});

export function BuyerForm({
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
      <DraftFooter name="buyer" error={error} busy={busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}

export function BuyerCard({
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
              body: buyerBody(draft),
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
