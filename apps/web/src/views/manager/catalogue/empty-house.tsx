// The crop and stage a house without batches is held to (the alarms' and heating's limits there).
import { useState } from 'preact/hooks';
import type { CropResponse, EmptyHouseResponse } from '#contracts';
import { request } from '../../../api.ts';
import { t, type MessageKey } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';
import { STAGES } from './profile-draft.ts';
import { agronomyStage } from '../../house/limits.tsx';
import { CropSelect } from './fields.tsx';

export function EmptyHouseForm({
  crops,
  value,
  onSaved,
}: {
  crops: CropResponse[];
  value: EmptyHouseResponse;
  onSaved: (value: EmptyHouseResponse) => void;
}) {
  const [draft, setDraft] = useState(value);
  const [notice, setNotice] = useState<MessageKey | ''>('');
  const [error, setError] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    setNotice('');
    setError('');
    request('PUT /api/crops/empty-house', { body: draft })
      .then((saved) => {
        onSaved(saved);
        setNotice('msSaved');
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  return (
    <form class="panel" onSubmit={submit} data-testid="empty-house">
      <h3>{t('catEmptyHouse')}</h3>
      <p class="muted">{t('catEmptyHouseNote')}</p>
      <div class="ms-form">
        <CropSelect
          crops={crops}
          name="crop"
          label={t('crop')}
          value={draft.crop}
          onChange={(crop) => setDraft({ ...draft, crop })}
        />
        <label>
          {t('catStage')}
          <select
            name="stage"
            value={draft.stage}
            onChange={(e) =>
              setDraft({ ...draft, stage: e.currentTarget.value as EmptyHouseResponse['stage'] })
            }
          >
            {STAGES.map((stage) => (
              <option value={stage}>{agronomyStage(stage)}</option>
            ))}
          </select>
        </label>
        <div class="ms-buttons">
          <button type="submit" class="primary">
            {t('save')}
          </button>
          {notice && <span class="ms-notice">{t(notice)}</span>}
        </div>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
