import { useEffect, useState } from 'preact/hooks';
import type { BuyerResponse, PublicUser } from '#contracts';
import { request } from '../../api.ts';
import { t } from '../../i18n.ts';
import { BuyerCard, BuyerForm, buyerBody } from './people/buyers.tsx';
import { OneTimePassword, UserCard, UserForm } from './people/users.tsx';
import './manager-setup.css';

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
                body: buyerBody(draft),
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
