import { useEffect, useState } from 'preact/hooks';
import { encode } from 'uqr';
import type { LanAccessResponse } from '#contracts';
import { request } from '../api.ts';
import { errorMessage } from '../messages.ts';
import { t, type MessageKey } from '../i18n.ts';

/** One GET, once per view, with its error in the page's language. */
function useLoadOnce<T>(load: () => Promise<T>): [T | null, string] {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    load()
      .then(setValue)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  return [value, error];
}

/** The LAN card's data, loaded once per view (it changes only when the PC gets a new address). */
export function useLanAccess(): [LanAccessResponse | null, string] {
  return useLoadOnce(() => request('GET /api/system/lan'));
}

/**
 * A QR code as SVG squares: a phone's camera opens the dashboard without typing an IP address.
 * Drawn from the module matrix (no canvas, no data URL), so the page's CSP stays as strict.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = encode(text, { border: 2 });
  const squares: string[] = [];
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) squares.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return (
    <svg
      class="qr"
      data-testid="lan-qr"
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      role="img"
      aria-label={label}
      shape-rendering="crispEdges"
    >
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={squares.join('')} fill="#000" />
    </svg>
  );
}

/** Shown on every manager tab while devices on the LAN cannot reach the built-in broker. */
export function BrokerLoopbackWarning({ lan }: { lan: LanAccessResponse | null }) {
  if (!lan?.broker.loopbackOnly) return null;
  return (
    <p class="warning" role="alert" data-testid="broker-loopback-warning">
      {t('brokerLoopbackOnly').replace('{host}', lan.broker.host ?? '127.0.0.1')}
    </p>
  );
}

/** Where the data lives on the PC: for whoever replaces the disk, moves the PC or calls the engineer. */
function StorageLocations() {
  const [storage, error] = useLoadOnce(() => request('GET /api/system/storage'));
  if (error) return <p class="error">{error}</p>;
  if (storage === null) return <p class="muted">{t('loading')}</p>;
  const rows: [MessageKey, string][] = [
    ['storageDataDir', storage.dataDir],
    [
      'storageBackupDir',
      `${storage.backupDir}${storage.backupRemovable ? ` (${t('storageUsbStick')})` : ''}`,
    ],
    ...(storage.database === null
      ? [['storageDatabase', t('storageExternalDatabase')] as [MessageKey, string]]
      : [
          ['storageCluster', storage.database.clusterDir] as [MessageKey, string],
          ['storageBinaries', storage.database.binariesDir] as [MessageKey, string],
        ]),
  ];
  return (
    <dl class="locations" data-testid="storage-locations">
      {rows.map(([label, value]) => (
        <>
          <dt>{t(label)}</dt>
          <dd>
            <code>{value}</code>
          </dd>
        </>
      ))}
    </dl>
  );
}

/** What the manager needs to get phones and devices onto the dashboard in the village. */
export function SiteSetup({ lan, error }: { lan: LanAccessResponse | null; error: string }) {
  if (error) return <p class="error">{error}</p>;
  if (lan === null) return <p class="muted">{t('loading')}</p>;
  const [first] = lan.dashboardUrls;
  return (
    <div class="site-setup" data-testid="site-setup">
      <section class="panel">
        <h3>{t('phoneAccess')}</h3>
        {first === undefined ? (
          <p class="warning" data-testid="no-lan-address">
            {t('noLanAddress')}
          </p>
        ) : (
          <div class="lan-access">
            <QrCode text={first.url} label={first.url} />
            <ul class="plain" data-testid="lan-urls">
              {lan.dashboardUrls.map((entry) => (
                <li>
                  <strong>{entry.url}</strong>
                  {entry.interface !== null && <span class="muted"> ({entry.interface})</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <section class="panel">
        <h3>{t('setupChecklist')}</h3>
        <ol data-testid="setup-checklist">
          <li>{t('setupReserveAddress')}</li>
          <li>
            {t('setupFirewall')
              .replace('{port}', String(lan.port))
              .replace('{mqttPort}', String(lan.broker.port ?? 1883))}
          </li>
          <li>{t('setupWifi')}</li>
          <li>
            {lan.broker.embedded
              ? t('setupBrokerEmbedded').replace('{port}', String(lan.broker.port ?? 1883))
              : t('setupBrokerExternal')}
          </li>
          <li>{t('setupPowerCut')}</li>
        </ol>
      </section>
      <section class="panel">
        <h3>{t('storageLocations')}</h3>
        <StorageLocations />
      </section>
    </div>
  );
}
