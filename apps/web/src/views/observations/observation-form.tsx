import { useEffect, useState } from 'preact/hooks';
import {
  OBSERVATION_TEXT_MAX,
  PHOTOS_PER_OBSERVATION,
  isGrowing,
  type AlarmResponse,
  type BatchResponse,
  type ObservationKind,
  type ObservationResponse,
  type ZoneResponse,
} from '#contracts';
import { request } from '../../api.ts';
import { alarmText } from '../../alarm-text.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { zoneName } from '../batch-records/data.ts';
import { tf } from '../batch-records/text.ts';
import { cropName, useCropNames } from '../orders.tsx';
import { dataUrl, shrinkPhoto } from './photos.ts';
import './observations.css';

interface Shrunk {
  blob: Blob;
  url: string;
}

/**
 * The adviser writes an observation (观察) or a recommendation (建议) on a growing batch or an open
 * alarm, with up to three photos shrunk on the phone before upload (photos.ts). `batchId` preselects
 * a batch (from the batch list's link).
 */
export function ObservationForm(props: {
  batchId?: string;
  zones: readonly ZoneResponse[];
  onSaved: (saved: ObservationResponse) => void;
}) {
  useCropNames();
  const [batches, setBatches] = useState<BatchResponse[]>([]);
  const [alarms, setAlarms] = useState<AlarmResponse[]>([]);
  const [on, setOn] = useState<'batch' | 'alarm'>('batch');
  const [batchId, setBatchId] = useState(props.batchId ?? '');
  const [alarmId, setAlarmId] = useState('');
  const [kind, setKind] = useState<ObservationKind>('observation');
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<Shrunk[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void request('GET /api/batches')
      .then((list) => setBatches(list.filter((batch) => isGrowing(batch.stage))))
      .catch(() => setBatches([]));
    void request('GET /api/alarms')
      .then(setAlarms)
      .catch(() => setAlarms([]));
  }, []);

  const addPhotos = async (files: FileList | null) => {
    setError('');
    const room = PHOTOS_PER_OBSERVATION - photos.length;
    const added: Shrunk[] = [];
    for (const file of Array.from(files ?? []).slice(0, room)) {
      try {
        const blob = await shrinkPhoto(file);
        added.push({ blob, url: await dataUrl(blob) });
      } catch {
        setError(t('obsPhotoUnreadable'));
      }
    }
    setPhotos((current) => [...current, ...added].slice(0, PHOTOS_PER_OBSERVATION));
  };

  const removePhoto = (index: number) => {
    setPhotos((current) => current.filter((_, i) => i !== index));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const target = on === 'batch' ? batchId : alarmId;
    if (!target) return setError(t('obsNoTarget'));
    setBusy(true);
    setError('');
    try {
      const photoIds: string[] = [];
      for (const photo of photos) photoIds.push((await request('POST /api/photos', { body: photo.blob })).id);
      const created = await request('POST /api/observations', {
        body: {
          kind,
          text,
          ...(on === 'batch' ? { batchId: target } : { alarmId: target }),
          ...(photoIds.length > 0 ? { photoIds } : {}),
        },
      });
      setPhotos([]);
      setText('');
      setSaved(true);
      props.onSaved(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel obs-form" data-testid="observation-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('obsWrite')}</h3>
      <Choice
        legend="obsKind"
        name="kind"
        value={kind}
        options={[
          ['observation', 'obsKindObservation'],
          ['recommendation', 'obsKindRecommendation'],
        ]}
        onChange={setKind}
      />
      <Choice
        legend="obsOn"
        name="on"
        value={on}
        options={[
          ['batch', 'obsOnBatch'],
          ['alarm', 'obsOnAlarm'],
        ]}
        onChange={setOn}
      />
      {on === 'batch' ? (
        <label>
          {t('obsOnBatch')}
          <select
            name="batchId"
            value={batchId}
            onChange={(e) => setBatchId(e.currentTarget.value)}
            data-testid="obs-batch"
          >
            <option value="">{t('obsChoose')}</option>
            {batches.map((batch) => (
              <option value={batch.id}>
                {batch.code} {cropName(batch.crop)} · {zoneName(props.zones, batch.zone)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          {t('obsOnAlarm')}
          <select
            name="alarmId"
            value={alarmId}
            onChange={(e) => setAlarmId(e.currentTarget.value)}
            data-testid="obs-alarm"
          >
            <option value="">{t('obsChoose')}</option>
            {alarms.map((alarm) => (
              <option value={alarm.id}>
                {alarmText(alarm).title} · {zoneName(props.zones, alarm.zone)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('obsText')}
        <textarea
          name="text"
          value={text}
          maxLength={OBSERVATION_TEXT_MAX}
          placeholder={t('obsTextHint')}
          required
          onInput={(e) => setText(e.currentTarget.value)}
          data-testid="obs-text"
        />
      </label>
      <div class="obs-photo-field">
        <p>{tf('obsPhotos', { n: PHOTOS_PER_OBSERVATION })}</p>
        {photos.length < PHOTOS_PER_OBSERVATION && (
          <label class="obs-add-photo">
            {t('obsAddPhoto')}
            <input
              type="file"
              accept="image/*"
              multiple
              data-testid="obs-photo-input"
              onChange={(e) => {
                const input = e.currentTarget;
                void addPhotos(input.files).then(() => {
                  input.value = '';
                });
              }}
            />
          </label>
        )}
        {photos.length > 0 && (
          <div class="obs-photos" data-testid="obs-previews">
            {photos.map((photo, i) => (
              <span class="obs-thumb obs-preview">
                <img src={photo.url} alt={tf('obsPhoto', { n: i + 1 })} />
                <button type="button" aria-label={t('obsRemovePhoto')} onClick={() => removePhoto(i)}>
                  ×
                </button>
              </span>
            ))}
          </div>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p class="muted" role="status" data-testid="obs-saved">
          {t('obsSaved')}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy} data-testid="obs-submit">
        {busy ? t('obsSaving') : t('obsSave')}
      </button>
    </form>
  );
}

/** One choice of a few as radio buttons (big enough for a thumb); `data-testid` is name-value. */
function Choice<T extends string>(props: {
  legend: MessageKey;
  name: string;
  value: T;
  options: readonly (readonly [T, MessageKey])[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="obs-choice">
      <legend>{t(props.legend)}</legend>
      {props.options.map(([value, label]) => (
        <label>
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
            data-testid={`obs-${props.name}-${value}`}
          />{' '}
          {t(label)}
        </label>
      ))}
    </fieldset>
  );
}
