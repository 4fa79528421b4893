// How many grafted seedlings survived healing.
import { useState } from 'preact/hooks';
import { request } from '../../../api.ts';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { Count } from './fields.tsx';

export function SurvivalForm({ batch, onDone }: FormProps) {
  const [survived, setSurvived] = useState('');
  return (
    <EntryForm
      name="survival"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/counts', {
          params: { id: batch.id },
          body: { survived: Number(survived) },
        })
      }
    >
      <Count label="survivedCount" name="survived" value={survived} onValue={setSurvived} required />
    </EntryForm>
  );
}
