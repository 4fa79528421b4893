import { useEffect, useState } from 'preact/hooks';
import type { AlarmSettingResponse, HouseLimitsResponse, LimitKey, ZoneResponse } from '#contracts';
import { request } from '../../api.ts';
import { localName, t } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { LIMIT_TEXT, agronomyStage, sourceText, valueText } from '../house/limits.tsx';
import { stageText } from '../orders.tsx';

/** The limits a manager may set per house (and per stage): the ones the crops otherwise give. */
const EDITABLE: LimitKey[] = [
  'nightSetpointC',
  'daySetpointC',
  'coldWarnC',
  'coldCritC',
  'hotWarnC',
  'hotCritC',
  'vwcLowerPct',
  'vwcUpperPct',
];
/** '' = every stage; the others as `PUT /api/alarms/settings/:zone` takes them. */
const STAGES = ['', 'germination', 'cotyledon', 'trueLeaf', 'hardening', 'healing'];
const unitOf = (key: LimitKey) => (key.endsWith('Pct') ? '%' : '°C');
const fill = (text: string, params: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);

/**
 * 各棚报警限值: a house's (or a house-and-stage's) overrides of the limits its crops give, each field
 * beside the catalogue's value for the house and the value in force with its source
 * (`GET /api/zones/:zone/limits`). A field left empty is not overridden.
 */
export function HouseLimitsSetup() {
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const [zone, setZone] = useState('');
  const [stage, setStage] = useState('');
  const [settings, setSettings] = useState<AlarmSettingResponse[] | null>(null);
  const [limits, setLimits] = useState<HouseLimitsResponse | null>(null);
  const [values, setValues] = useState<Partial<Record<LimitKey, string>>>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const loadSettings = () =>
    void request('GET /api/alarms/settings')
      .then(setSettings)
      .catch(() => setSettings([]));
  useEffect(() => {
    loadSettings();
    void request('GET /api/zones', { query: {} })
      .then((all) => {
        const houses = all.filter((z) => z.kind !== 'outdoor');
        setZones(houses);
        setZone((current) => current || (houses[0]?.code ?? ''));
      })
      .catch(() => setZones([]));
  }, []);
  const row = settings?.find((s) => s.zone === zone && s.stage === stage);
  useEffect(() => {
    const next: Partial<Record<LimitKey, string>> = {};
    for (const key of EDITABLE) {
      const value = row?.thresholds[key];
      if (typeof value === 'number') next[key] = String(value);
    }
    setValues(next);
    setError('');
  }, [zone, stage, settings]);
  useEffect(() => setSaved(false), [zone, stage]);
  useEffect(() => {
    if (!zone) return;
    let current = true;
    setLimits(null);
    void request('GET /api/zones/:zone/limits', { params: { zone } })
      .then((body) => current && setLimits(body))
      .catch(() => current && setLimits(null));
    return () => {
      current = false;
    };
  }, [zone, settings]);

  const bad = EDITABLE.filter((key) => {
    const text = values[key]?.trim() ?? '';
    return text !== '' && !Number.isFinite(Number(text));
  });
  const save = () => {
    if (bad.length > 0) return;
    // The fields this screen does not show (chilling hours …) are kept as they were.
    const thresholds: Record<string, number | boolean> = {};
    for (const [key, value] of Object.entries(row?.thresholds ?? {}))
      if (value !== undefined && !EDITABLE.includes(key as LimitKey)) thresholds[key] = value;
    for (const key of EDITABLE) {
      const text = values[key]?.trim() ?? '';
      if (text !== '') thresholds[key] = Number(text);
    }
    const rules = Object.fromEntries(
      Object.entries(row?.rules ?? {}).filter((entry) => entry[1] !== undefined),
    ) as Record<string, NonNullable<AlarmSettingResponse['rules'][string]>>;
    setBusy(true);
    setError('');
    setSaved(false);
    request('PUT /api/alarms/settings/:zone', { params: { zone }, body: { stage, thresholds, rules } })
      .then(() => {
        setSaved(true);
        loadSettings();
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };

  return (
    <section class="panel" data-testid="house-limits-setup">
      <h2>{t('hlTitle')}</h2>
      <p class="muted">{t('hlNote')}</p>
      <div class="ms-form">
        <label>
          {t('zone')}
          <select name="hlZone" value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
            {zones.map((z) => (
              <option value={z.code}>{localName(z)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('hlStage')}
          <select name="hlStage" value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
            {STAGES.map((s) => (
              <option value={s}>
                {s === '' ? t('hlEveryStage') : s === 'healing' ? stageText(s) : agronomyStage(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {stage !== '' && <p class="muted">{t('hlStageNote')}</p>}
      {settings === null ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <div class="ms-form hl-fields">
          {EDITABLE.map((key) => {
            const inForce = limits?.limits.find((limit) => limit.key === key);
            return (
              <label data-testid={`hl-${key}`}>
                {t(LIMIT_TEXT[key])} ({unitOf(key)})
                <input
                  name={key}
                  type="number"
                  inputMode="decimal"
                  step="0.5"
                  value={values[key] ?? ''}
                  placeholder={t('hlNotSet')}
                  aria-invalid={bad.includes(key)}
                  onInput={(e) => setValues({ ...values, [key]: e.currentTarget.value })}
                />
                {inForce && (
                  <span
                    class="hl-info muted"
                    data-testid={`hl-${key}-info`}
                    data-source={inForce.source.kind}
                  >
                    {fill(t('hlCatalogue'), { value: valueText(inForce.catalogueValue, inForce.unit) })} ·{' '}
                    <b>{fill(t('hlInForce'), { value: valueText(inForce.value, inForce.unit) })}</b>
                    <br />
                    {sourceText(inForce.source)}
                  </span>
                )}
              </label>
            );
          })}
          {bad.length > 0 && (
            <p class="error" role="alert">
              {t('hlBadNumber')}
            </p>
          )}
        </div>
      )}
      <div class="ms-buttons">
        <button
          class="primary"
          data-testid="hl-save"
          disabled={busy || !zone || settings === null || bad.length > 0}
          onClick={save}
        >
          {t('msSave')}
        </button>
      </div>
      {saved && (
        <p class="ms-notice" role="status" data-testid="hl-notice">
          {t('hlSaved')}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
