// The chilling band: which cold hours count toward bolting, for sowings in which months.
import { useState } from 'preact/hooks';
import type { ChillingBand } from '#contracts';
import { t } from '../../../i18n.ts';
import { NumberInput } from './fields.tsx';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
/** A crop newly given a band starts from the shipped celery band, a common case. */
const NEW_BAND: ChillingBand = { fromC: 2, toC: 5, toIncluded: true, sowMonths: [] };

export function ChillingFields({
  band,
  onChange,
}: {
  band: ChillingBand | null;
  onChange: (band: ChillingBand | null) => void;
}) {
  // The two temperatures as typed: "-" or "" on the way to "-2" must not turn into NaN or 0.
  const [from, setFrom] = useState(band?.fromC === null || band === null ? '' : String(band.fromC));
  const [to, setTo] = useState(band === null ? '' : String(band.toC));
  const typed = (text: string) => {
    const value = Number(text.trim());
    return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
  };
  return (
    <div class="cat-chilling">
      <label class="check">
        <input
          type="checkbox"
          name="chilling"
          checked={band !== null}
          onChange={(e) => {
            onChange(e.currentTarget.checked ? NEW_BAND : null);
            setFrom(String(NEW_BAND.fromC));
            setTo(String(NEW_BAND.toC));
          }}
        />
        {t('catChillingOn')}
      </label>
      {band && (
        <>
          <div class="ms-form">
            <label>
              {t('catChillingFrom')}
              <NumberInput
                name="chilling.fromC"
                label={t('catChillingFrom')}
                value={from}
                onInput={(text) => {
                  setFrom(text);
                  const value = typed(text);
                  if (value !== undefined || text.trim() === '') onChange({ ...band, fromC: value ?? null });
                }}
              />
            </label>
            <label>
              {t('catChillingTo')}
              <NumberInput
                name="chilling.toC"
                label={t('catChillingTo')}
                value={to}
                onInput={(text) => {
                  setTo(text);
                  const value = typed(text);
                  if (value !== undefined) onChange({ ...band, toC: value });
                }}
              />
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={band.toIncluded}
                onChange={(e) => onChange({ ...band, toIncluded: e.currentTarget.checked })}
              />
              {t('catChillingToIncluded')}
            </label>
          </div>
          <p class="muted">{t('catChillingMonths')}</p>
          <div class="cat-months">
            {MONTHS.map((month) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={band.sowMonths.includes(month)}
                  onChange={(e) =>
                    onChange({
                      ...band,
                      sowMonths: e.currentTarget.checked
                        ? [...band.sowMonths, month].sort((a, b) => a - b)
                        : band.sowMonths.filter((m) => m !== month),
                    })
                  }
                />
                {month}
              </label>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
