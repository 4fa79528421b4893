import { useEffect, useState } from 'preact/hooks';
import {
  DEAD_LETTER_MESSAGES,
  DEVICE_KIND_MESSAGES,
  formatStamp,
  isDeadLetterReason,
  type DeadLetterResponse,
  type DeviceResponse,
  type Presence,
} from '#contracts';
import { request } from '../api.ts';
import { formatMetric, metricName } from '../format.ts';
import { locale, localName, t, type MessageKey } from '../i18n.ts';
import { loadHouses } from './alarm-history.tsx';
import type { AlarmHouse } from './alarm-list.tsx';
import '../alarms.css';

/** Health readings a device may report of itself (gateways do), shown where reported. */
const HEALTH_METRICS = ['rssi_dbm', 'battery_v'] as const;
const PRESENCE: Record<Presence, MessageKey> = {
  online: 'online',
  offline: 'offline',
  stale: 'presenceStale',
  unknown: 'presenceUnknown',
};

const language = () => (locale.get() === 'en' ? 'en' : 'zh');

/**
 * The devices of the site, each with when it last reported and, opened, its signal and battery
 * where it reports them and the messages of it the server lately set aside, in plain words: what
 * a technician needs to tell a flat battery from a wrong sensor from a device nobody registered.
 */
export function DevicePanel({ zones }: { zones: readonly AlarmHouse[] }) {
  const [devices, setDevices] = useState<DeviceResponse[] | null>(null);
  // The houses the page shows, and the zones it does not (outdoors: the weather station).
  const [allZones, setAllZones] = useState<readonly AlarmHouse[]>(zones);
  useEffect(() => {
    void loadHouses().then((list) => list.length > 0 && setAllZones(list));
    void request('GET /api/devices')
      .then((list) =>
        setDevices(
          [...list].sort((a, b) => a.zoneCode.localeCompare(b.zoneCode) || a.device.localeCompare(b.device)),
        ),
      )
      .catch(() => setDevices([]));
  }, []);
  const zoneName = (code: string) => localName(allZones.find((z) => z.code === code)) || code;
  if (devices === null) return <p class="muted">{t('loading')}</p>;
  return (
    <section class="device-panel" data-testid="device-panel">
      <h3>{t('deviceStatus')}</h3>
      {devices.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <ul>
          {devices.map((device) => (
            <DeviceItem key={device.id} device={device} zoneName={zoneName(device.zoneCode)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DeviceItem({ device, zoneName }: { device: DeviceResponse; zoneName: string }) {
  const [open, setOpen] = useState(false);
  const kind = DEVICE_KIND_MESSAGES[device.kind]?.[language()] ?? device.kind;
  return (
    <li>
      <details
        data-testid={`device-${device.zoneCode}-${device.device}`}
        onToggle={(e) => setOpen(e.currentTarget.open)}
      >
        <summary>
          <strong>
            {zoneName} · {device.device}
          </strong>{' '}
          <span class="muted">{kind}</span>{' '}
          <span class={`presence-word presence-${device.presence}`}>{t(PRESENCE[device.presence])}</span>{' '}
          <span class="muted">
            {t('lastSeen')} {device.lastSeenAt ? formatStamp(device.lastSeenAt) : t('never')}
          </span>
        </summary>
        {open && <DeviceDetails device={device} />}
      </details>
    </li>
  );
}

function DeviceDetails({ device }: { device: DeviceResponse }) {
  const [health, setHealth] = useState<string[]>([]);
  const [letters, setLetters] = useState<DeadLetterResponse[] | null>(null);
  useEffect(() => {
    void request('GET /api/zones/:zone/latest', { params: { zone: device.zoneCode } })
      .then((latest) => {
        const values = latest.devices.find((d) => d.device === device.device)?.values ?? [];
        const words: string[] = [];
        for (const metric of HEALTH_METRICS) {
          const value = values.find((v) => v.metric === metric)?.value ?? device.lastStatus?.[metric];
          if (typeof value === 'number') words.push(`${metricName(metric)} ${formatMetric(metric, value)}`);
        }
        setHealth(words);
      })
      .catch(() => undefined);
    void request('GET /api/devices/:id/dead-letters', { params: { id: device.id }, query: { limit: 10 } })
      .then(setLetters)
      .catch(() => setLetters([]));
  }, [device.id]);
  return (
    <div class="device-details">
      {health.length > 0 && <p data-testid="device-health">{health.join(' · ')}</p>}
      <h4>{t('rejectedMessages')}</h4>
      {letters === null ? (
        <p class="muted">{t('loading')}</p>
      ) : letters.length === 0 ? (
        <p class="muted">{t('noRejectedMessages')}</p>
      ) : (
        <ul class="dead-letters" data-testid="dead-letters">
          {letters.map((letter) => (
            <li key={letter.id} title={letter.detail} data-reason={letter.reason}>
              {formatStamp(letter.at)}{' '}
              {isDeadLetterReason(letter.reason)
                ? DEAD_LETTER_MESSAGES[letter.reason][language()]
                : letter.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
