// Seedlings culled from a batch, with the cause.
import { useState } from 'preact/hooks';
import type { CullCause } from '#contracts';
import { request } from '../../../api.ts';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { CauseChoice, Count, Note } from './fields.tsx';

export function CullForm({ batch, onDone }: FormProps) {
  const [culled, setCulled] = useState('');
  const [cause, setCause] = useState<CullCause | ''>('');
  const [note, setNote] = useState('');
  return (
    <EntryForm
      name="cull"
      onDone={onDone}
      submit={() =>
        cause === ''
          ? null
          : request('POST /api/batches/:id/counts', {
              params: { id: batch.id },
              body: { culled: Number(culled), cullReason: cause, note: note.trim() || undefined },
            })
      }
    >
      <Count label="culledCount" name="culled" value={culled} onValue={setCulled} required min={1} />
      <CauseChoice value={cause} onValue={setCause} />
      <Note value={note} onValue={setNote} />
    </EntryForm>
  );
}
