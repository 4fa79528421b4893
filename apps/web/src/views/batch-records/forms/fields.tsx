// The fields the entry forms share: counts on the number pad, a date, a house, benches, a note, a
// cull cause.
import { CULL_CAUSES, type BenchResponse, type CullCause, type ZoneResponse } from '#contracts';
import { t, type MessageKey } from '../../../i18n.ts';
import { zoneName } from '../data.ts';
import { cullCauseText } from '../text.ts';

/** A whole-number field with the phone's number pad. */
export function Count({
  label,
  name,
  value,
  onValue,
  required = false,
  min = 0,
  max,
}: {
  label: MessageKey;
  name: string;
  value: string;
  onValue: (value: string) => void;
  required?: boolean;
  min?: number;
  max?: number;
}) {
  return (
    <label>
      {t(label)}
      <input
        type="number"
        inputMode="numeric"
        name={name}
        min={min}
        max={max}
        step={1}
        required={required}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </label>
  );
}

/** The day an entry is for (a required date). */
export function DateField({
  label,
  value,
  onValue,
}: {
  label: MessageKey;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <label>
      {t(label)}
      <input type="date" name="date" required value={value} onInput={(e) => onValue(e.currentTarget.value)} />
    </label>
  );
}

export const whole = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));

export function ZoneSelect({
  name,
  zones,
  value,
  onValue,
}: {
  name: string;
  zones: readonly ZoneResponse[];
  value: string;
  onValue: (code: string) => void;
}) {
  return (
    <select name={name} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
      {!zones.some((z) => z.code === value) && <option value={value}>{value}</option>}
      {zones.map((z) => (
        <option value={z.code}>{zoneName(zones, z.code)}</option>
      ))}
    </select>
  );
}

export function CauseChoice({
  value,
  onValue,
}: {
  value: CullCause | '';
  onValue: (cause: CullCause) => void;
}) {
  return (
    <fieldset class="causes">
      <legend>{t('cullCause')}</legend>
      {CULL_CAUSES.map((cause) => (
        <label class={`cause${value === cause ? ' chosen' : ''}`} data-testid={`cause-${cause}`}>
          <input
            type="radio"
            name="cullReason"
            value={cause}
            required
            checked={value === cause}
            onChange={() => onValue(cause)}
          />
          {cullCauseText(cause)}
        </label>
      ))}
    </fieldset>
  );
}

/** A free-text field that may stay empty. */
function OptionalText({
  label,
  name,
  maxLength,
  value,
  onValue,
}: {
  label: MessageKey;
  name: string;
  maxLength: number;
  value: string;
  onValue: (v: string) => void;
}) {
  return (
    <label>
      {t(label)}
      <input
        name={name}
        maxLength={maxLength}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </label>
  );
}

/** Which benches of the house (free text until benches are records of their own). */
export const Benches = (props: { value: string; onValue: (v: string) => void }) => (
  <OptionalText label="benchesOptional" name="benches" maxLength={200} {...props} />
);

export const Note = (props: { value: string; onValue: (v: string) => void }) => (
  <OptionalText label="noteOptional" name="note" maxLength={300} {...props} />
);

/** The house's bench records as toggles (the cull causes' look): any number of them, or none. */
export function BenchChoice({
  benches,
  chosen,
  onChosen,
}: {
  benches: readonly BenchResponse[];
  chosen: readonly string[];
  onChosen: (ids: string[]) => void;
}) {
  return (
    <fieldset class="causes" data-testid="bench-choice">
      <legend>{t('moveBenchesPick')}</legend>
      {benches.map((bench) => {
        const on = chosen.includes(bench.id);
        return (
          <label class={`cause${on ? ' chosen' : ''}`} data-testid={`move-bench-${bench.name}`}>
            <input
              type="checkbox"
              name="benchIds"
              value={bench.id}
              checked={on}
              onChange={() => onChosen(on ? chosen.filter((id) => id !== bench.id) : [...chosen, bench.id])}
            />
            {bench.name}
          </label>
        );
      })}
    </fieldset>
  );
}
