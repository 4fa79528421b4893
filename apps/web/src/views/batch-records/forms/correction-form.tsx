// A wrong count set right by a correction entry.
import { useState } from 'preact/hooks';
import type { CorrectionRequest } from '#contracts';
import { request } from '../../../api.ts';
import { t, type MessageKey } from '../../../i18n.ts';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { Count } from './fields.tsx';

const CORRECTABLE: [CorrectionRequest['field'], MessageKey][] = [
  ['emerged', 'fieldEmerged'],
  ['refilled', 'fieldRefilled'],
  ['culled', 'fieldCulled'],
  ['saleable', 'fieldSaleable'],
  ['survived', 'fieldSurvived'],
];

/** A wrong count is set right by a correction entry (the history keeps both), never by deleting. */
export function CorrectionForm({ batch, onDone }: FormProps) {
  const current = (field: CorrectionRequest['field']) => {
    const value = batch[field];
    return value === null ? '' : String(value);
  };
  const [field, setField] = useState<CorrectionRequest['field']>('emerged');
  const [value, setValue] = useState(current('emerged'));
  const [reason, setReason] = useState('');
  return (
    <EntryForm
      name="correction"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/corrections', {
          params: { id: batch.id },
          body: { field, value: Number(value), reason: reason.trim() },
        })
      }
    >
      <label>
        {t('correctField')}
        <select
          name="field"
          value={field}
          onChange={(e) => {
            const next = e.currentTarget.value as CorrectionRequest['field'];
            setField(next);
            setValue(current(next));
          }}
        >
          {CORRECTABLE.filter(([f]) => f !== 'survived' || batch.grafted).map(([f, label]) => (
            <option value={f}>{t(label)}</option>
          ))}
        </select>
      </label>
      <Count label="correctValue" name="value" value={value} onValue={setValue} required />
      <label>
        {t('correctReason')}
        <input
          name="reason"
          required
          maxLength={300}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
    </EntryForm>
  );
}
