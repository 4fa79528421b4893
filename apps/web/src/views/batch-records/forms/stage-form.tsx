// A live batch into its next stage (or another one the technician picks).
import { useState } from 'preact/hooks';
import type { BatchStage, CullCause } from '#contracts';
import { request } from '../../../api.ts';
import { t } from '../../../i18n.ts';
import { stageText } from '../../orders.tsx';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { CauseChoice, Note } from './fields.tsx';

/** The stages a technician moves a live batch into (culling a whole batch takes a cause). */
const STAGE_CHOICES: BatchStage[] = [
  'germinating',
  'emerged',
  'true_leaf',
  'healing',
  'hardening',
  'ready',
  'sold_out',
  'culled',
];
const NEXT_STAGE: Partial<Record<BatchStage, BatchStage>> = {
  sown: 'germinating',
  germinating: 'emerged',
  emerged: 'true_leaf',
  true_leaf: 'hardening',
  grafted: 'healing',
  healing: 'hardening',
  hardening: 'ready',
  ready: 'sold_out',
};

export function StageForm({ batch, stage: preset, onDone }: FormProps) {
  const [stage, setStage] = useState<BatchStage>(preset ?? NEXT_STAGE[batch.stage] ?? 'emerged');
  const [cause, setCause] = useState<CullCause | ''>('');
  const [note, setNote] = useState('');
  return (
    <EntryForm
      name="stage"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/stages', {
          params: { id: batch.id },
          body: {
            stage,
            cullReason: stage === 'culled' && cause !== '' ? cause : undefined,
            note: note.trim() || undefined,
          },
        })
      }
    >
      <label>
        {t('newStage')}
        <select name="stage" value={stage} onChange={(e) => setStage(e.currentTarget.value as BatchStage)}>
          {STAGE_CHOICES.map((s) => (
            <option value={s}>{stageText(s)}</option>
          ))}
        </select>
      </label>
      {stage === 'culled' && <CauseChoice value={cause} onValue={setCause} />}
      <Note value={note} onValue={setNote} />
    </EntryForm>
  );
}
