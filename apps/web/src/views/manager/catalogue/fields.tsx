// Small inputs the catalogue editor is made of: a labelled number field over a draft, a grid of them.
import { cropFieldLabel, type CropResponse } from '#contracts';
import { locale, localName, t } from '../../../i18n.ts';
import type { Draft, FieldSpec } from './profile-draft.ts';

/** A field's name in the page's language, from the contract's names of profile fields. */
export const fieldLabel = (path: string) => cropFieldLabel(path, locale.get() === 'en' ? 'en' : 'zh');

/** A number typed as text (so "", "-2" and "12.5" pass through while typing), with a phone's number pad. */
export function NumberInput({
  value,
  name,
  label,
  onInput,
}: {
  value: string;
  name: string;
  label: string;
  onInput: (text: string) => void;
}) {
  return (
    <input
      name={name}
      aria-label={label}
      inputMode="decimal"
      value={value}
      onInput={(e) => onInput(e.currentTarget.value)}
    />
  );
}

/** Each field of a section with its label above it. */
export function FieldGrid({
  fields,
  draft,
  onChange,
  label = fieldLabel,
}: {
  fields: readonly FieldSpec[];
  draft: Draft;
  onChange: (draft: Draft) => void;
  label?: (path: string) => string;
}) {
  return (
    <div class="ms-form">
      {fields.map((field) => (
        <label>
          {label(field.path)}
          <NumberInput
            name={field.path}
            label={label(field.path)}
            value={draft[field.path] ?? ''}
            onInput={(text) => onChange({ ...draft, [field.path]: text })}
          />
        </label>
      ))}
    </div>
  );
}

/** The crop's two names, each required. */
export function NameFields<T extends { nameZh: string; nameEn: string }>({
  value,
  onChange,
}: {
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <>
      {(['nameZh', 'nameEn'] as const).map((field) => (
        <label>
          {fieldLabel(field)}
          <input
            name={field}
            required
            maxLength={100}
            value={value[field]}
            onInput={(e) => onChange({ ...value, [field]: e.currentTarget.value })}
          />
        </label>
      ))}
    </>
  );
}

/** A choice of one crop of the catalogue, by its name in the page's language. */
export function CropSelect({
  crops,
  name,
  label,
  value,
  onChange,
}: {
  crops: readonly CropResponse[];
  name: string;
  label: string;
  value: string;
  onChange: (key: string) => void;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {crops.map((crop) => (
          <option value={crop.key}>{localName(crop)}</option>
        ))}
      </select>
    </label>
  );
}

/** Save and cancel, and the refusal in the page's language under them. */
export function FormFooter({
  busy,
  error,
  onCancel,
  testId,
}: {
  busy: boolean;
  error: string;
  onCancel: () => void;
  testId?: string;
}) {
  return (
    <>
      <div class="ms-buttons">
        <button type="submit" class="primary" disabled={busy} data-testid={testId}>
          {t('save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
