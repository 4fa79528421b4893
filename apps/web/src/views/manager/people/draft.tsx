// A people form's draft and its submission: the state, and the error and buttons at the form's foot.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';

/**
 * A form's draft and its submission: the fields as typed, busy while the answer is out, the
 * failure in the page's language.
 */
export function useDraft<T>(initial: T, onSubmit: (draft: T) => Promise<void>) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<T>) => setDraft({ ...draft, ...patch });
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    onSubmit(draft)
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  return { draft, set, submit, error, busy };
}

/** The foot of a people form: its error, then submit and (when the form can be left) cancel. */
export function DraftFooter({
  name,
  error,
  busy,
  submitLabel,
  onCancel,
}: {
  name: string;
  error: string;
  busy: boolean;
  submitLabel: string;
  onCancel?: () => void;
}) {
  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="ms-buttons">
        <button type="submit" class="primary" disabled={busy} data-testid={`${name}-submit`}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('msCancel')}
          </button>
        )}
      </div>
    </>
  );
}
