import { useEffect, useState } from 'preact/hooks';
import {
  DEVICE_KIND_MESSAGES,
  type BenchResponse,
  DEVICE_KINDS,
  formatStamp,
  type DeviceKind,
  type DeviceResponse,
  type IssuedDeviceResponse,
  type LanAccessResponse,
  type PendingDeviceResponse,
  type Presence,
  type ZoneResponse,
} from '#contracts';
import { request } from '../../api.ts';
import { locale, localName, t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { QrCode } from '../site-setup.tsx';
import './manager-ops.css';

const TOPIC_ROOT = 'nursery/v1';
const ID_PATTERN = /^[a-z0-9-]{1,64}$/;
const PRESENCE: Record<Presence, MessageKey> = {
  online: 'online',
  offline: 'offline',
  stale: 'presenceStale',
  unknown: 'presenceUnknown',
};

const kindName = (kind: string) =>
  DEVICE_KIND_MESSAGES[kind as DeviceKind]?.[locale.get() === 'en' ? 'en' : 'zh'] ?? kind;

/**
 * Where a device on the LAN reaches the broker: the PC's private LAN addresses (the interfaces
 * the api found), else the host of DASHBOARD_URL; the port the broker listens on (1883 for an
 * external Mosquitto whose port the api does not know).
 */
export function brokerAddress(lan: LanAccessResponse | null): { hosts: string[]; port: number } {
  const hostOf = (url: string) => new URL(url).hostname;
  const urls = lan?.dashboardUrls ?? [];
  const lanHosts = urls.filter((entry) => entry.interface !== null).map((entry) => hostOf(entry.url));
  const hosts = lanHosts.length > 0 ? lanHosts : urls.slice(0, 1).map((entry) => hostOf(entry.url));
  return { hosts, port: lan?.broker.port ?? 1883 };
}

/** What a device is told once: the same text is printed and drawn as the QR code. */
function credentialText(issued: IssuedDeviceResponse, host: string, port: number): string {
  const prefix = `${TOPIC_ROOT}/${issued.site}/${issued.zoneCode}/${issued.device}`;
  return JSON.stringify({
    host,
    port,
    clientId: issued.device,
    username: issued.username,
    password: issued.password,
    publish: `${prefix}/#`,
    subscribe: `${prefix}/cmd/#`,
  });
}

/** The printable card with the MQTT account: shown once after registering or rotating. */
function CredentialCard({
  issued,
  lan,
  zoneName,
  onClose,
}: {
  issued: IssuedDeviceResponse;
  lan: LanAccessResponse | null;
  zoneName: string;
  onClose: () => void;
}) {
  const { hosts, port } = brokerAddress(lan);
  const host = hosts[0] ?? '';
  const prefix = `${TOPIC_ROOT}/${issued.site}/${issued.zoneCode}/${issued.device}`;
  const rows: [MessageKey, string, string][] = [
    ['deviceId', issued.device, 'device'],
    ['zone', zoneName, 'zone'],
    ['kind', kindName(issued.kind), 'kind'],
    ['brokerAddress', hosts.join(' / ') || '—', 'host'],
    ['brokerPort', String(port), 'port'],
    ['mqttUser', issued.username, 'username'],
    // Null when this was a replayed answer: the password was shown in the first one only.
    ['mqttPassword', issued.password ?? t('passwordWithheld'), 'password'],
    ['publishTopic', `${prefix}/tele`, 'publish'],
    ['commandTopic', `${prefix}/cmd/#`, 'subscribe'],
  ];
  const print = () => {
    document.body.classList.add('print-credential');
    window.print();
    setTimeout(() => document.body.classList.remove('print-credential'), 500);
  };
  return (
    <section class="panel credential-card" data-testid="credential-card" aria-live="polite">
      <h3>{t('credentialTitle')}</h3>
      <p class="warning">{t('credentialOnce')}</p>
      {lan?.broker.loopbackOnly && (
        <p class="warning" data-testid="credential-loopback">
          {t('brokerLoopbackOnly').replace('{host}', lan.broker.host ?? '127.0.0.1')}
        </p>
      )}
      {hosts.length === 0 && <p class="warning">{t('noLanAddress')}</p>}
      <div class="credential-body">
        <dl class="credential-fields">
          {rows.map(([label, value, field]) => (
            <div>
              <dt>{t(label)}</dt>
              <dd>
                <code data-field={field}>{value}</code>
              </dd>
            </div>
          ))}
        </dl>
        <QrCode text={credentialText(issued, host, port)} label={t('credentialQr')} />
      </div>
      <div class="op-buttons">
        <button class="primary" onClick={print} data-testid="print-credential">
          {t('print')}
        </button>
        <button onClick={onClose} data-testid="close-credential">
          {t('credentialDone')}
        </button>
      </div>
    </section>
  );
}

function RegisterForm({
  zones,
  draft,
  onIssued,
}: {
  zones: ZoneResponse[];
  draft: { zone: string; device: string } | null;
  onIssued: (issued: IssuedDeviceResponse) => void;
}) {
  const [zone, setZone] = useState('');
  const [kind, setKind] = useState<DeviceKind>('env');
  const [device, setDevice] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (draft) {
      setZone(draft.zone);
      setDevice(draft.device);
    }
  }, [draft]);
  const chosenZone = zone || zones[0]?.code || '';
  const submit = (event: Event) => {
    event.preventDefault();
    const id = device.trim();
    if (!ID_PATTERN.test(id)) {
      setError(t('deviceIdRule'));
      return;
    }
    setBusy(true);
    setError('');
    request('POST /api/devices', { body: { zone: chosenZone, device: id, kind } })
      .then((issued) => {
        setDevice('');
        onIssued(issued);
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="panel op-form" onSubmit={submit} data-testid="register-device">
      <h3>{t('registerDevice')}</h3>
      <label>
        {t('zone')}
        <select name="zone" value={chosenZone} onChange={(e) => setZone(e.currentTarget.value)}>
          {zones.map((z) => (
            <option value={z.code}>{localName(z) || z.code}</option>
          ))}
        </select>
      </label>
      <label>
        {t('kind')}
        <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as DeviceKind)}>
          {DEVICE_KINDS.map((k) => (
            <option value={k}>{kindName(k)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('deviceId')}
        <input
          name="device"
          value={device}
          autocapitalize="off"
          placeholder="env-2"
          onInput={(e) => setDevice(e.currentTarget.value)}
        />
      </label>
      <p class="muted hint">{t('deviceIdRule')}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        {t('registerAndIssue')}
      </button>
    </form>
  );
}

/** A registered device: presence, last report; rotate its password or disable it (asked twice). */
function DeviceCard({
  device,
  zoneName,
  onIssued,
  onChanged,
}: {
  device: DeviceResponse;
  zoneName: string;
  onIssued: (issued: IssuedDeviceResponse) => void;
  onChanged: () => void;
}) {
  const [asking, setAsking] = useState<'rotate' | 'disable' | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (work: Promise<unknown>) => {
    setBusy(true);
    setError('');
    work
      .then(() => {
        setAsking(null);
        onChanged();
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  const confirm = () => {
    const params = { id: device.id };
    if (asking === 'rotate')
      run(request('POST /api/devices/:id/rotate-credentials', { params }).then(onIssued));
    else run(request('POST /api/devices/:id/disable', { params }));
  };
  return (
    <article class="panel op-card" data-testid={`device-${device.device}`}>
      <header>
        <strong>{device.device}</strong>
        <span class={`presence-word presence-${device.presence}`}>
          {device.enabled ? t(PRESENCE[device.presence]) : t('deviceDisabled')}
        </span>
      </header>
      <p>
        {zoneName} · {kindName(device.kind)}
      </p>
      <p class="muted">
        {t('lastReport')}: {device.lastSeenAt ? formatStamp(device.lastSeenAt) : '—'}
      </p>
      {device.enabled && device.kind === 'substrate' && <ProbeBenches device={device} />}
      {device.enabled &&
        (asking === null ? (
          <div class="op-buttons">
            <button onClick={() => setAsking('rotate')} data-testid="rotate">
              {t('rotateCredentials')}
            </button>
            <button onClick={() => setAsking('disable')} data-testid="disable">
              {t('disableDevice')}
            </button>
          </div>
        ) : (
          <div class="op-confirm">
            <p>{t(asking === 'rotate' ? 'rotateConfirm' : 'disableConfirm')}</p>
            <div class="op-buttons">
              <button class="primary" disabled={busy} onClick={confirm} data-testid="confirm">
                {t(asking === 'rotate' ? 'rotateCredentials' : 'disableDevice')}
              </button>
              <button onClick={() => setAsking(null)}>{t('cancel')}</button>
            </div>
          </div>
        ))}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

/**
 * The benches a substrate probe measures (the bench records' `moistureSensor`): a batch standing on
 * them has its moisture judged on this probe; a bench no probe names is judged house-wide. A bench
 * measured by another probe shows which, and ticking it here moves it to this one.
 */
function ProbeBenches({ device }: { device: DeviceResponse }) {
  const [benches, setBenches] = useState<BenchResponse[] | null>(null);
  const [error, setError] = useState('');
  const zone = device.zoneCode;
  const load = () =>
    request('GET /api/zones/:zone/benches', { params: { zone } })
      .then(setBenches)
      .catch((e: unknown) => setError(errorMessage(e)));
  useEffect(() => void load(), [zone]);
  const toggle = (bench: BenchResponse, measured: boolean) => {
    setError('');
    request('PATCH /api/zones/:zone/benches/:id', {
      params: { zone, id: bench.id },
      body: { moistureSensor: measured ? device.device : null },
    })
      .then(load)
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  if (benches === null || benches.length === 0) return null;
  return (
    <fieldset class="probe-benches" data-testid={`probe-benches-${device.device}`}>
      <legend>{t('probeBenches')}</legend>
      {benches.map((bench) => (
        <label key={bench.id}>
          <input
            type="checkbox"
            checked={bench.moistureSensor === device.device}
            data-testid={`probe-bench-${bench.name}`}
            onChange={(e) => toggle(bench, e.currentTarget.checked)}
          />{' '}
          {bench.name}
          {bench.moistureSensor !== null && bench.moistureSensor !== device.device && (
            <span class="muted"> ({bench.moistureSensor})</span>
          )}
        </label>
      ))}
      {benches.every((bench) => bench.moistureSensor !== device.device) && (
        <p class="muted">{t('probeNoBenches')}</p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** 设备: register a device and hand its MQTT account over once, on a printable card; rotate; disable. */
export function DevicesView({ lan }: { lan: LanAccessResponse | null }) {
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const [devices, setDevices] = useState<DeviceResponse[] | null>(null);
  const [pending, setPending] = useState<PendingDeviceResponse[]>([]);
  const [issued, setIssued] = useState<IssuedDeviceResponse | null>(null);
  const [draft, setDraft] = useState<{ zone: string; device: string } | null>(null);
  const [error, setError] = useState('');
  const [openZone, setOpenZone] = useState<string | null>(null);
  const load = () => {
    request('GET /api/devices')
      .then(setDevices)
      .catch((e: unknown) => {
        setDevices([]);
        setError(errorMessage(e));
      });
    request('GET /api/devices/pending')
      .then(setPending)
      .catch(() => setPending([]));
  };
  useEffect(() => {
    request('GET /api/zones')
      .then(setZones)
      .catch((e: unknown) => setError(errorMessage(e)));
    load();
  }, []);
  const zoneName = (code: string) => localName(zones.find((z) => z.code === code)) || code;
  const show = (next: IssuedDeviceResponse) => {
    setIssued(next);
    setOpenZone(next.zoneCode);
    load();
    setTimeout(() => document.querySelector('.credential-card')?.scrollIntoView(), 0);
  };
  return (
    <div class="manager-ops" data-testid="devices-view">
      {issued && (
        <CredentialCard
          issued={issued}
          lan={lan}
          zoneName={zoneName(issued.zoneCode)}
          onClose={() => setIssued(null)}
        />
      )}
      <RegisterForm zones={zones} draft={draft} onIssued={show} />
      {error && <p class="error">{error}</p>}
      {pending.length > 0 && (
        <section>
          <h3>{t('pending')}</h3>
          <p class="muted">{t('pendingHint')}</p>
          <div class="op-list">
            {pending.map((p) => (
              <article class="panel op-card" data-testid={`pending-${p.device}`}>
                <header>
                  <strong>{p.device}</strong>
                  <span class="muted">{zoneName(p.zone)}</span>
                </header>
                <p class="muted">
                  {t('lastReport')}: {formatStamp(p.lastSeenAt)}
                </p>
                <button
                  onClick={() => {
                    setDraft({ zone: p.zone, device: p.device });
                    document.querySelector('[data-testid=register-device]')?.scrollIntoView();
                  }}
                >
                  {t('registerThis')}
                </button>
              </article>
            ))}
          </div>
        </section>
      )}
      <h3>{t('devices')}</h3>
      {devices === null ? (
        <p class="muted">{t('loading')}</p>
      ) : devices.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        // House by house, folded: a nursery has dozens of devices; the house of the device just
        // registered or rotated opens by itself.
        [...new Set(devices.map((d) => d.zoneCode))].map((code) => {
          const inHouse = devices.filter((d) => d.zoneCode === code);
          const online = inHouse.filter((d) => d.enabled && d.presence === 'online').length;
          return (
            <details
              class="panel op-house"
              open={openZone === code}
              data-testid={`house-${code}`}
              onToggle={(e) => {
                if (e.currentTarget.open) setOpenZone(code);
                else if (openZone === code) setOpenZone(null);
              }}
            >
              <summary>
                <strong>{zoneName(code)}</strong>
                <span class="muted">
                  {t('devicesInHouse')
                    .replace('{n}', String(inHouse.length))
                    .replace('{online}', String(online))}
                </span>
              </summary>
              <div class="op-list">
                {inHouse.map((d) => (
                  <DeviceCard device={d} zoneName={zoneName(d.zoneCode)} onIssued={show} onChanged={load} />
                ))}
              </div>
            </details>
          );
        })
      )}
    </div>
  );
}
