// The batch's counts: emerged, refilled, saleable.
import { useState } from 'preact/hooks';
import { request } from '../../../api.ts';
import { t } from '../../../i18n.ts';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { Count, Note, whole } from './fields.tsx';

/** Emerged and saleable are counts of the whole batch; refilled adds the cells refilled now. */
export function CountsForm({ batch, onDone }: FormProps) {
  const [emerged, setEmerged] = useState('');
  const [refilled, setRefilled] = useState('');
  const [saleable, setSaleable] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <EntryForm
      name="counts"
      onDone={onDone}
      submit={() => {
        const body = {
          emerged: whole(emerged),
          refilled: whole(refilled),
          saleable: whole(saleable),
          note: note.trim() || undefined,
        };
        const nothing =
          body.emerged === undefined && body.refilled === undefined && body.saleable === undefined;
        setMissing(nothing);
        return nothing ? null : request('POST /api/batches/:id/counts', { params: { id: batch.id }, body });
      }}
    >
      <Count label="emergedCount" name="emerged" value={emerged} onValue={setEmerged} />
      <Count label="refilledCount" name="refilled" value={refilled} onValue={setRefilled} />
      <Count label="saleableCount" name="saleable" value={saleable} onValue={setSaleable} />
      <Note value={note} onValue={setNote} />
      {missing && <p class="error">{t('countMissing')}</p>}
    </EntryForm>
  );
}
