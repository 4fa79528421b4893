import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { logout, session, type Role } from './api.ts';
import { locale, setLocale, t } from './i18n.ts';
import { connection } from './live.ts';
import { navigate, route } from './router.ts';
import { useSignal } from './state.ts';
import { LoginView } from './views/login.tsx';
import { TechnicianView } from './views/technician.tsx';
import { BuyerView } from './views/buyer.tsx';
import { ManagerView } from './views/manager.tsx';
import './styles.css';

const HOME: Record<Role, string> = { technician: '/technician', buyer: '/buyer', manager: '/manager' };
/** Which roles may open which view; the api enforces the same on every request. */
const ALLOWED: Record<string, readonly Role[]> = {
  '/technician': ['technician', 'manager'],
  '/manager': ['manager'],
  '/buyer': ['buyer', 'manager'],
};

function ConnectionBadge() {
  const state = useSignal(connection);
  const label = state === 'live' ? t('live') : state === 'lost' ? t('lost') : t('connecting');
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
  const allowed = ALLOWED[path];
  let view;
  if (allowed && !allowed.includes(role))
    view = (
      <p class="forbidden" data-testid="forbidden">
        {t('forbidden')}
      </p>
    );
  else if (path === '/technician') view = <TechnicianView />;
  else if (path === '/manager') view = <ManagerView />;
  else if (path === '/buyer') view = <BuyerView />;
  else view = <p class="muted">{t('loading')}</p>;

  const tabs = Object.keys(ALLOWED).filter((p) => ALLOWED[p].includes(role));
  return (
    <div class="shell">
      <header class="top">
        <strong class="brand">{t('app')}</strong>
        <nav>
          {tabs.map((p) => (
            <a
              href={p}
              class={p === path ? 'active' : ''}
              onClick={(e) => {
                e.preventDefault();
                navigate(p);
              }}
            >
              {t(p.slice(1) as 'technician' | 'buyer' | 'manager')}
            </a>
          ))}
        </nav>
        <ConnectionBadge />
        <span class="spacer" />
        <span class="who">{current.user.name}</span>
        <button class="link" onClick={() => setLocale(locale.get() === 'en' ? 'zh-CN' : 'en')}>
          {locale.get() === 'en' ? '中文' : 'EN'}
        </button>
        <button
          class="link"
          data-testid="logout"
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
render(<App />, document.getElementById('app')!);
