import { useEffect, useRef, useState } from 'preact/hooks';
import {
  isGrowing,
  type AlarmResponse,
  type BatchResponse,
  type CommandResponse,
  type CropResponse,
  type LiveReadings,
} from '#contracts';
import { request } from '../api.ts';
import { latestKey, readLatest, readPoints, readPresence } from '../data.ts';
import { hourInNursery } from '../format.ts';
import { clockSkew, onLive, subscribeZones } from '../live.ts';
import { loadCrops } from './orders.tsx';
import { AlarmList } from './alarm-list.tsx';
import { houseTargets } from './house/targets.ts';
import { ZoneCard } from './house/zone-card.tsx';
import { CHART_METRICS, DAY_MS, mergePoints, type House, type ZoneState } from './house/zone-state.ts';
import './house/house.css';

const HOUSE_KINDS = new Set(['greenhouse', 'germination']);
const demoHouse = (code: string, name: string, nameEn: string): House => ({
  code,
  name,
  nameEn,
  hasHeating: true,
  hasBoomIrrigation: true,
  hasBenchHeat: true,
  benches: null,
});
/** The demo site's houses, shown while /api/zones cannot answer. */
const FALLBACK_ZONES: House[] = [
  demoHouse('gh1', '1号育苗棚', 'Greenhouse 1'),
  demoHouse('gh2', '2号育苗棚', 'Greenhouse 2'),
  demoHouse('gh3', '3号育苗棚', 'Greenhouse 3'),
  demoHouse('germ1', '催芽室', 'Germination room'),
];

export function TechnicianView() {
  const [zones, setZones] = useState<House[]>([]);
  const [version, setVersion] = useState(0);
  const [alarms, setAlarms] = useState<AlarmResponse[] | null>(null);
  const [batches, setBatches] = useState<BatchResponse[]>([]);
  // The houses' limits are asked for once the batches are known, not once before and once after.
  const [batchesLoaded, setBatchesLoaded] = useState(false);
  const [crops, setCrops] = useState<Map<string, CropResponse>>(new Map());
  const [commands, setCommands] = useState<CommandResponse[]>([]);
  const state = useRef(new Map<string, ZoneState>());
  const bump = () => setVersion((v) => v + 1);

  const zoneState = (code: string): ZoneState => {
    let s = state.current.get(code);
    if (!s) {
      s = { latest: new Map(), presence: new Map(), history: new Map(), lastSeen: 0 };
      state.current.set(code, s);
    }
    return s;
  };

  const loadAlarms = () =>
    request('GET /api/alarms')
      .then(setAlarms)
      .catch(() => setAlarms([]));
  const loadCommands = () =>
    request('GET /api/commands', { query: { limit: 50 } })
      .then(setCommands)
      .catch(() => undefined);
  const loadBatches = () =>
    request('GET /api/batches')
      .then(setBatches)
      .catch(() => setBatches([]))
      .finally(() => setBatchesLoaded(true));

  const loadZone = async (code: string, since: number | null) => {
    const s = zoneState(code);
    try {
      const body = await request('GET /api/zones/:zone/latest', { params: { zone: code } });
      for (const [device, online] of readPresence(body)) s.presence.set(device, online);
      const latest = readLatest(body);
      for (const [metric, value] of latest) {
        const held = s.latest.get(metric);
        if (!held || held.ts <= value.ts) s.latest.set(metric, value);
        s.lastSeen = Math.max(s.lastSeen, value.ts);
      }
    } catch {
      /* no telemetry yet: the card shows 暂无数据 */
    }
    const from = new Date(since ?? Date.now() - DAY_MS).toISOString();
    await Promise.all(
      CHART_METRICS.map(async ({ metric }) => {
        try {
          const points = readPoints(
            await request('GET /api/readings', {
              query: { zone: code, metric, from, to: new Date().toISOString(), step: 'auto' },
            }),
          );
          s.history.set(metric, mergePoints(s.history.get(metric) ?? [], points));
        } catch {
          /* history not available */
        }
      }),
    );
    bump();
  };

  useEffect(() => {
    let codes: string[] = [];
    let off: (() => void) | null = null;
    let unmounted = false;
    // The houses first (not live), then their rooms; the live data loads once they are joined.
    void request('GET /api/zones')
      .then((list): House[] => list.filter((z) => HOUSE_KINDS.has(z.kind)))
      .catch((): House[] => [])
      .then((list) => {
        const chosen = list.length > 0 ? list : FALLBACK_ZONES;
        codes = chosen.map((z) => z.code);
        if (unmounted) return;
        setZones(chosen);
        subscribeZones(codes);
        off = followLive();
      });
    void loadCrops()
      .then((list) => {
        setCrops(new Map(list.map((c) => [c.key, c])));
      })
      .catch(() => undefined);

    let pending = false;
    const followLive = () =>
      onLive({
        readings(update: LiveReadings) {
          const s = zoneState(update.zone);
          for (const r of update.readings) {
            const key = latestKey(r.metric, r.device);
            const held = s.latest.get(key);
            if (!held || held.ts <= r.ts)
              s.latest.set(key, { value: r.value, ts: r.ts, device: r.device, intervalS: held?.intervalS });
            s.lastSeen = Math.max(s.lastSeen, r.ts);
            if (CHART_METRICS.some((c) => c.metric === r.metric))
              s.history.set(
                r.metric,
                mergePoints(s.history.get(r.metric) ?? [], [{ ts: r.ts, value: r.value }]),
              );
          }
          // One render per animation frame however many zones pushed.
          if (!pending) {
            pending = true;
            requestAnimationFrame(() => {
              pending = false;
              bump();
            });
          }
        },
        presence(p) {
          if (!p.zone) return;
          zoneState(p.zone).presence.set(p.device, p.online);
          bump();
        },
        alarm: () => void loadAlarms(),
        command: () => void loadCommands(),
        batch: () => void loadBatches(),
        load() {
          // After a reconnection only what came since the last reading seen.
          for (const code of codes) void loadZone(code, zoneState(code).lastSeen || null);
          void loadAlarms();
          void loadCommands();
          void loadBatches();
        },
      });
    return () => {
      unmounted = true;
      off?.();
    };
  }, []);

  return (
    <div class="tech">
      <AlarmList alarms={alarms} onChange={() => void loadAlarms()} zones={zones} />
      <div class="cards">
        {zones.map((zone) => {
          const code = zone.code;
          // The batches with trays standing in this house now (the germination room included).
          const zoneBatches = batches.filter(
            (b) => b.locations.some((place) => place.zone === code) && isGrowing(b.stage),
          );
          return (
            <ZoneCard
              key={code}
              zone={zone}
              state={zoneState(code)}
              version={version}
              batches={zoneBatches}
              batchesLoaded={batchesLoaded}
              targets={houseTargets(zoneBatches, crops, hourInNursery(Date.now() + clockSkew.get()))}
              alarms={(alarms ?? []).filter((a) => a.zone === code)}
              commands={commands.filter((c) => c.zone === code).slice(0, 5)}
              onCommand={() => void loadCommands()}
            />
          );
        })}
      </div>
    </div>
  );
}
