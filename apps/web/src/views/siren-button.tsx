import { useState } from 'preact/hooks';
import type { AlarmResponse } from '#contracts';
import { request } from '../api.ts';
import { t } from '../i18n.ts';
import { errorMessage } from '../messages.ts';

/**
 * The siren in the yard sounds for critical alarms at night until someone acknowledges them. Anyone
 * on duty can stop it from here first (walking to the greenhouse takes minutes, the neighbours
 * sleep); it sounds again with the next re-notification while the alarm stays unacknowledged.
 * Shown only while a critical alarm is active, the only time the siren can be sounding.
 */
export function SilenceSirenButton({ alarms }: { alarms: readonly AlarmResponse[] | null }) {
  const [state, setState] = useState<'idle' | 'sending' | 'silenced'>('idle');
  const [error, setError] = useState('');
  const sounding = (alarms ?? []).some((alarm) => alarm.severity === 'critical' && alarm.state === 'active');
  if (!sounding) return null;
  const silence = async () => {
    setState('sending');
    setError('');
    try {
      await request('POST /api/alarms/siren/silence', {});
      setState('silenced');
    } catch (e) {
      setError(errorMessage(e));
      setState('idle');
    }
  };
  return (
    <div class="siren">
      <button
        type="button"
        data-testid="silence-siren"
        disabled={state === 'sending'}
        onClick={() => void silence()}
      >
        {t('silenceSiren')}
      </button>
      {state === 'silenced' && (
        <span class="muted" role="status" data-testid="siren-silenced">
          {t('sirenSilenced')}
        </span>
      )}
      {error && <p class="error">{error}</p>}
    </div>
  );
}
