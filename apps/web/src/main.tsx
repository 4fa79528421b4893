import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { logout, session, type Role } from './api.ts';
import { locale, setLocale, t } from './i18n.ts';
import { connection } from './live.ts';
import { navigate, route } from './router.ts';
import { useSignal } from './state.ts';
import { unconfirmedWrites } from './writes.ts';
import { LoginView } from './views/login.tsx';
import { ChangePasswordView } from './views/change-password.tsx';
import { TechnicianShell } from './views/technician-shell.tsx';
import { BuyerView } from './views/buyer.tsx';
import { ManagerView } from './views/manager.tsx';
import { AdviserView } from './views/adviser.tsx';
import './styles.css';

const HOME: Record<Role, string> = {
  technician: '/technician',
  buyer: '/buyer',
  manager: '/manager',
  adviser: '/adviser',
};
/** Which roles may open which view; the api enforces the same on every request. */
const ALLOWED: Record<string, readonly Role[]> = {
  '/technician': ['technician', 'manager'],
  '/manager': ['manager'],
  '/buyer': ['buyer', 'manager'],
  '/adviser': ['adviser'],
};

function ConnectionBadge() {
  const state = useSignal(connection);
  const label = t(
    state === 'live'
      ? 'live'
      : state === 'lost'
        ? 'lost'
        : state === 'recovering'
          ? 'connRecovering'
          : 'connecting',
  );
  return (
    <span
      class={`conn conn-${state}`}
      data-testid="connection"
      data-state={state}
      role="status"
      aria-live="polite"
    >
      {label}
    </span>
  );
}

/** A write timed out and the page is asking the server whether it arrived (writes.ts). */
function UnconfirmedNotice() {
  const count = useSignal(unconfirmedWrites);
  if (count === 0) return null;
  return (
    <span class="unconfirmed" data-testid="unconfirmed" role="status" aria-live="polite">
      {t('unconfirmed')}
    </span>
  );
}

const PAGE_NAME: Record<string, 'technician' | 'manager' | 'navBuyer' | 'adviser'> = {
  '/technician': 'technician',
  '/manager': 'manager',
  '/buyer': 'navBuyer',
  '/adviser': 'adviser',
};

/**
 * The pages a manager may open: links where the header has room, one select on a phone, so the
 * header stays one row at 360 px (styles.css shows one or the other).
 */
function PageSwitch({ pages, current }: { pages: readonly string[]; current: string }) {
  return (
    <>
      <nav class="pages-links">
        {pages.map((page) => (
          <a
            href={page}
            class={page === current ? 'active' : ''}
            onClick={(e) => {
              e.preventDefault();
              navigate(page);
            }}
          >
            {t(PAGE_NAME[page] ?? 'manager')}
          </a>
        ))}
      </nav>
      <select
        class="pages-select"
        aria-label={t('navPages')}
        value={current}
        onChange={(e) => navigate((e.target as HTMLSelectElement).value)}
      >
        {pages.map((page) => (
          <option value={page}>{t(PAGE_NAME[page] ?? 'manager')}</option>
        ))}
      </select>
    </>
  );
}

function App() {
  const path = useSignal(route);
  const current = useSignal(session);
  useSignal(locale);
  useEffect(() => {
    if (!current && path !== '/login') navigate('/login', true);
    if (current && (path === '/' || path === '/login')) navigate(HOME[current.user.role], true);
  }, [current, path]);

  if (!current) return <LoginView />;
  const role = current.user.role;
  // A view's own pages (`/technician/today`, `/technician/batches/:id`) share its tab and its roles.
  const top = `/${path.split(/[/?]/)[1] ?? ''}`;
  const allowed = ALLOWED[top];
  let view;
  if (current.user.mustChangePassword) view = <ChangePasswordView />;
  else if (allowed && !allowed.includes(role))
    view = (
      <p class="forbidden" data-testid="forbidden">
        {t('forbidden')}
      </p>
    );
  else if (top === '/technician') view = <TechnicianShell />;
  else if (path === '/manager') view = <ManagerView />;
  else if (path === '/buyer') view = <BuyerView />;
  else if (top === '/adviser') view = <AdviserView />;
  else view = <p class="muted">{t('loading')}</p>;

  const tabs = Object.keys(ALLOWED).filter((p) => ALLOWED[p].includes(role));
  return (
    <div class="shell">
      <header class={`top${tabs.length > 1 ? ' top-pages' : ''}`}>
        <strong class="brand">{t('app')}</strong>
        {tabs.length > 1 && <PageSwitch pages={tabs} current={top} />}
        <ConnectionBadge />
        <UnconfirmedNotice />
        <span class="spacer" />
        <span class="who">{current.user.name}</span>
        <button class="link" onClick={() => setLocale(locale.get() === 'en' ? 'zh-CN' : 'en')}>
          {locale.get() === 'en' ? '中文' : 'EN'}
        </button>
        <button
          class="link"
          data-testid="logout"
          title={current.user.name}
          onClick={() => void logout().then(() => navigate('/login'))}
        >
          {t('logout')}
        </button>
      </header>
      <main>{view}</main>
    </div>
  );
}

document.documentElement.lang = locale.get();
const root = document.getElementById('app')!;
// index.html's static "loading" text (and its help for when scripts are blocked) gives way here.
root.replaceChildren();
render(<App />, root);
