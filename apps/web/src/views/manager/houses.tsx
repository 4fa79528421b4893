// The manager's houses: each greenhouse's bench area and trays per m², the germination room's trays,
// and the benches of each house as records (name, area, the boom that serves them).
import { useEffect, useState } from 'preact/hooks';
import type { BenchResponse, ZoneResponse } from '#contracts';
import { request } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { localName, t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import './manager-setup.css';

/** What the server counts a house as holding (matching-state.ts): a set tray figure, else area × density. */
function capacityOf(zone: ZoneResponse): number | null {
  if (zone.trayCapacity !== null && zone.trayCapacity !== undefined) return zone.trayCapacity;
  if (zone.kind !== 'greenhouse' || !zone.benchAreaM2 || !zone.traysPerM2) return null;
  return Math.floor(zone.benchAreaM2 * zone.traysPerM2);
}

/** An optional decimal field's text as a number; undefined when empty. */
const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** A number field that may stay empty, with the phone's decimal pad. */
function NumberField({
  label,
  name,
  value,
  onValue,
  max,
  whole = false,
}: {
  label: MessageKey;
  name: string;
  value: string;
  onValue: (value: string) => void;
  max?: number;
  whole?: boolean;
}) {
  return (
    <label>
      {t(label)}
      <input
        name={name}
        type="number"
        inputMode={whole ? 'numeric' : 'decimal'}
        min={0}
        max={max}
        step={whole ? 1 : 'any'}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </label>
  );
}

/** What a save said: done, or why not. */
function Status({ notice = '', error }: { notice?: string; error: string }) {
  return (
    <>
      {notice && (
        <p class="ms-notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function Houses() {
  const [zones, setZones] = useState<ZoneResponse[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    request('GET /api/zones')
      .then(setZones)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);
  const houses = (zones ?? []).filter((zone) => zone.kind === 'greenhouse' || zone.kind === 'germination');
  const saved = (zone: ZoneResponse) =>
    setZones((all) => (all ?? []).map((each) => (each.code === zone.code ? zone : each)));
  return (
    <div class="ms" data-testid="houses">
      <p class="muted">{t('hsNote')}</p>
      <Status error={error} />
      {houses.map((zone) => (
        <section class="panel" data-testid={`house-${zone.code}`} key={zone.code}>
          <h2>{localName(zone)}</h2>
          <CapacityForm zone={zone} onSaved={saved} />
          {zone.kind === 'greenhouse' && <BenchList zone={zone.code} />}
        </section>
      ))}
    </div>
  );
}

/** Area and trays per m² of a greenhouse, or the trays the germination room holds. */
function CapacityForm({ zone, onSaved }: { zone: ZoneResponse; onSaved: (zone: ZoneResponse) => void }) {
  const greenhouse = zone.kind === 'greenhouse';
  const [area, setArea] = useState(String(zone.benchAreaM2 ?? ''));
  const [density, setDensity] = useState(String(zone.traysPerM2 ?? ''));
  const [trays, setTrays] = useState(String(zone.trayCapacity ?? ''));
  const [notice, setNotice] = useState<MessageKey | ''>('');
  const [error, setError] = useState('');
  const capacity = capacityOf(zone);
  const save = () => {
    setNotice('');
    setError('');
    const body = greenhouse
      ? { benchAreaM2: numberOrUndefined(area), traysPerM2: numberOrUndefined(density) }
      : { trayCapacity: numberOrUndefined(trays) };
    request('PATCH /api/zones/:code', { params: { code: zone.code }, body })
      .then((updated) => {
        onSaved(updated);
        setNotice('msSaved');
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  return (
    <form
      class="ms-form"
      data-testid={`capacity-form-${zone.code}`}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {greenhouse ? (
        <>
          <NumberField label="hsArea" name="benchAreaM2" value={area} onValue={setArea} />
          <NumberField
            label="hsTraysPerM2"
            name="traysPerM2"
            value={density}
            onValue={setDensity}
            max={100}
          />
        </>
      ) : (
        <NumberField label="hsTrayCapacity" name="trayCapacity" value={trays} onValue={setTrays} whole />
      )}
      <p class="muted" data-testid={`capacity-${zone.code}`}>
        {capacity === null
          ? t('hsCapacityUnset')
          : t('hsCapacity').replace('{trays}', formatCount(capacity, 'trays'))}
      </p>
      <div class="ms-buttons">
        <button type="submit" class="primary">
          {t('msSave')}
        </button>
      </div>
      <Status notice={notice && t(notice)} error={error} />
    </form>
  );
}

/** The benches of a house, front to back: each editable in place, one form to add another. */
function BenchList({ zone }: { zone: string }) {
  const [benches, setBenches] = useState<BenchResponse[]>([]);
  const [error, setError] = useState('');
  /** The bench whose form is open: its id, 'new' for the add form, or none. */
  const [open, setOpen] = useState<string | null>(null);
  const load = () =>
    void request('GET /api/zones/:zone/benches', { params: { zone } })
      .then(setBenches)
      .catch((err: unknown) => setError(errorMessage(err)));
  useEffect(load, [zone]);
  const done = (work: Promise<unknown>) => {
    setError('');
    work
      .then(() => {
        setOpen(null);
        load();
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  return (
    <div data-testid={`benches-${zone}`}>
      <h3>{t('hsBenches')}</h3>
      {benches.length === 0 && <p class="muted">{t('hsNoBenches')}</p>}
      <ul class="hs-benches">
        {benches.map((bench) =>
          open === bench.id ? (
            <li key={bench.id}>
              <BenchForm
                bench={bench}
                onSave={(body) =>
                  done(
                    request('PATCH /api/zones/:zone/benches/:id', { params: { zone, id: bench.id }, body }),
                  )
                }
                onCancel={() => setOpen(null)}
              />
            </li>
          ) : (
            <li key={bench.id} class="hs-bench" data-testid={`bench-${bench.name}`}>
              <span>
                <strong class="data">{bench.name}</strong>
                {bench.areaM2 !== null && ` · ${bench.areaM2} m²`}
                {bench.boom && <span class="data"> · {bench.boom}</span>}
              </span>
              <span class="ms-buttons">
                <button
                  type="button"
                  data-testid={`bench-${bench.name}-edit`}
                  onClick={() => setOpen(bench.id)}
                >
                  {t('msEdit')}
                </button>
                <button
                  type="button"
                  data-testid={`bench-${bench.name}-delete`}
                  onClick={() => {
                    if (window.confirm(t('hsAskDelete').replace('{name}', bench.name)))
                      done(
                        request('DELETE /api/zones/:zone/benches/:id', { params: { zone, id: bench.id } }),
                      );
                  }}
                >
                  {t('hsDeleteBench')}
                </button>
              </span>
            </li>
          ),
        )}
      </ul>
      {open === 'new' ? (
        <BenchForm
          onSave={(body) => done(request('POST /api/zones/:zone/benches', { params: { zone }, body }))}
          onCancel={() => setOpen(null)}
        />
      ) : (
        <button type="button" class="ms-add" data-testid={`bench-add-${zone}`} onClick={() => setOpen('new')}>
          {t('hsAddBench')}
        </button>
      )}
      <Status error={error} />
    </div>
  );
}

interface BenchDraft {
  name: string;
  areaM2: number | null;
  boom: string | null;
}

/** One bench's name, area and boom; without `bench` it adds a new one. */
function BenchForm({
  bench,
  onSave,
  onCancel,
}: {
  bench?: BenchResponse;
  onSave: (body: BenchDraft) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(bench?.name ?? '');
  const [area, setArea] = useState(bench?.areaM2 === null || !bench ? '' : String(bench.areaM2));
  const [boom, setBoom] = useState(bench?.boom ?? '');
  const testid = bench ? `bench-form-${bench.name}` : 'bench-new';
  return (
    <form
      class="ms-form ms-card"
      data-testid={testid}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ name: name.trim(), areaM2: numberOrUndefined(area) ?? null, boom: boom.trim() || null });
      }}
    >
      <label>
        {t('hsBenchName')}
        <input
          name="name"
          required
          maxLength={32}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <NumberField label="hsBenchArea" name="areaM2" value={area} onValue={setArea} />
      <label>
        {t('hsBoom')}
        <input
          name="boom"
          maxLength={64}
          pattern="[a-z0-9][a-z0-9\-]*"
          placeholder="boom-1"
          value={boom}
          onInput={(e) => setBoom(e.currentTarget.value)}
        />
      </label>
      <div class="ms-buttons">
        <button type="submit" class="primary" data-testid={`${testid}-save`}>
          {t('msSave')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('msCancel')}
        </button>
      </div>
    </form>
  );
}
