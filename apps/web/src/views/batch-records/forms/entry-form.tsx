// The frame every entry form on the batch page shares: its props, and the write with its busy state
// and its error.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type {
  BatchDetailResponse,
  BatchEntryResponse,
  BatchResponse,
  BatchStage,
  ZoneResponse,
} from '#contracts';
import { t } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';

export interface FormProps {
  batch: BatchDetailResponse;
  zones: readonly ZoneResponse[];
  batches: readonly BatchResponse[];
  /** A stage change's preset (from a work item). */
  stage?: BatchStage;
  onDone: (entry: BatchEntryResponse) => void;
}

/** A write with its busy state and its error in the page's language; the answer goes to onDone. */
export function EntryForm({
  name,
  submit,
  onDone,
  children,
}: {
  name: string;
  submit: () => Promise<BatchEntryResponse> | null;
  onDone: (entry: BatchEntryResponse) => void;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <form
      class="entry-form"
      data-testid={`form-${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        const pending = submit();
        if (!pending) return;
        setBusy(true);
        setError('');
        pending
          .then(onDone)
          .catch((err: unknown) => setError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      {children}
      {error && (
        <p class="error" role="alert" data-testid="entry-error">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy} data-testid="entry-submit">
        {t('save')}
      </button>
    </form>
  );
}
