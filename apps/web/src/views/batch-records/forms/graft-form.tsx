// A batch's scions grafted onto a rootstock batch.
import { useState } from 'preact/hooks';
import { request } from '../../../api.ts';
import { t } from '../../../i18n.ts';
import { cropName } from '../../orders.tsx';
import { LIVE_STAGES, nurseryToday, zoneName } from '../data.ts';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { Count, DateField } from './fields.tsx';

/** This batch's scions grafted on a rootstock batch: two batches linked by a graft event. */
export function GraftForm({ batch, batches, zones, onDone }: FormProps) {
  const candidates = batches.filter((b) => b.id !== batch.id && LIVE_STAGES.has(b.stage));
  const [rootstock, setRootstock] = useState(batch.rootstockBatchId ?? candidates[0]?.id ?? '');
  const [count, setCount] = useState(batch.emerged !== null ? String(batch.emerged) : '');
  const [date, setDate] = useState(nurseryToday());
  return (
    <EntryForm
      name="graft"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/graft', {
          params: { id: batch.id },
          body: { rootstockBatchId: rootstock, count: Number(count), date },
        })
      }
    >
      <label>
        {t('rootstockBatch')}
        <select
          name="rootstock"
          required
          value={rootstock}
          onChange={(e) => setRootstock(e.currentTarget.value)}
        >
          {candidates.map((b) => (
            <option value={b.id}>
              {b.code} {cropName(b.crop)} {b.cultivar ?? ''} · {zoneName(zones, b.zone)}
            </option>
          ))}
        </select>
      </label>
      <Count label="graftCount" name="count" value={count} onValue={setCount} required min={1} />
      <DateField label="graftDate" value={date} onValue={setDate} />
    </EntryForm>
  );
}
