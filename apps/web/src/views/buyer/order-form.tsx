import { useEffect, useRef, useState } from 'preact/hooks';
import type { OrderDryRunResponse, OrderResponse, PlaceOrderRequest } from '#contracts';
import { request } from '../../api.ts';
import { formatFen } from '../../format.ts';
import { t } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { reloadCatalogue, useCatalogue } from './catalogue-data.ts';
import { type LineDraft, lineProblems, newLine, toRequest } from './draft.ts';
import { LineEditor } from './line-editor.tsx';
import { OrderResult } from './order-result.tsx';
import { tf } from './text.ts';

/** The pause in typing after which the whole order is checked again (a dry run of matching). */
const DRY_RUN_PAUSE_MS = 600;

/**
 * The order form, shared by buyers and by a manager ordering for a buyer who called: several lines,
 * each checked as part of the whole order after a pause in typing; a line whose date cannot be met
 * waits for the buyer's choice (the earliest date, shown, or waiting), so no date moves silently.
 */
export function OrderForm({
  buyerId,
  picked,
  onPlaced,
}: {
  buyerId?: string;
  /** A crop chosen on the catalogue: a line of it is added (or the empty first line takes it). */
  picked?: { crop: string; at: number } | null;
  onPlaced: (order: OrderResponse) => void;
}) {
  const catalogue = useCatalogue();
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [dryRun, setDryRun] = useState<{ body: string; answer: OrderDryRunResponse } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [placed, setPlaced] = useState<{ order: OrderResponse; expected: OrderDryRunResponse } | null>(null);
  const form = useRef<HTMLFormElement>(null);

  const today = catalogue?.today ?? '';
  const firstCrop = catalogue?.crops[0]?.key ?? '';
  useEffect(() => {
    if (firstCrop && lines.length === 0) setLines([newLine(firstCrop, today)]);
  }, [firstCrop]);
  useEffect(() => {
    if (!picked || !catalogue) return;
    setPlaced(null);
    setLines((all) => {
      const blank = all.length === 1 && all[0].quantity === '' && all[0].households === '';
      return blank
        ? [{ ...all[0], crop: picked.crop, cultivar: '', cells: '', grafted: false }]
        : [...all, newLine(picked.crop, today)];
    });
    form.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [picked?.at]);

  const limits = { min: catalogue?.minQuantity ?? 1, max: catalogue?.maxQuantity ?? 1, today };
  const problems = lines.map((line) => lineProblems(line, limits));
  const valid = lines.length > 0 && problems.every((p) => p.length === 0);
  const body: PlaceOrderRequest = { lines: lines.map(toRequest) };
  if (buyerId) body.buyerId = buyerId;
  const bodyText = JSON.stringify(body);
  const current = dryRun?.body === bodyText ? dryRun.answer : null;

  useEffect(() => {
    if (!valid) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void request('POST /api/orders/dry-run', { body: JSON.parse(bodyText) as PlaceOrderRequest })
        .then((answer) => !cancelled && setDryRun({ body: bodyText, answer }))
        .catch((e: unknown) => !cancelled && setError(errorMessage(e)));
    }, DRY_RUN_PAUSE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [bodyText, valid]);

  // A line that cannot be met on its date is sent only once the buyer chose to wait for it.
  const undecided = current
    ? current.lines.some((v, i) => v.outcome === 'waitlisted' && !lines[i]?.wait)
    : true;
  const change = (key: number, patch: Partial<LineDraft>) => {
    setError('');
    setLines((all) => all.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!current || undecided || !valid) return;
    setBusy(true);
    setError('');
    try {
      const order = await request('POST /api/orders', { body });
      setPlaced({ order, expected: current });
      setLines([newLine(firstCrop, today)]);
      setDryRun(null);
      onPlaced(order);
      void reloadCatalogue();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!catalogue) return <p class="muted">{t('loading')}</p>;
  return (
    <form
      ref={form}
      class="panel order-form buyer-form"
      onSubmit={(e) => void submit(e)}
      data-testid="order-form"
    >
      <h2>{t('placeOrder')}</h2>
      {lines.map((line, index) => (
        <LineEditor
          index={index}
          draft={line}
          crops={catalogue.crops}
          limits={limits}
          problems={problems[index]}
          verdict={current?.lines[index] ?? null}
          removable={lines.length > 1}
          onChange={(patch) => change(line.key, patch)}
          onRemove={() => setLines((all) => all.filter((l) => l.key !== line.key))}
        />
      ))}
      <button
        type="button"
        data-testid="add-line"
        onClick={() => setLines([...lines, newLine(firstCrop, today)])}
      >
        {t('buyerAddLine')}
      </button>
      {current && (
        <p class="order-total" data-testid="order-total">
          {tf('buyerTotalDeposit', {
            total: formatFen(current.totalFen),
            deposit: formatFen(current.depositFen),
            due: current.depositDue,
          })}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {current && undecided && <p class="muted">{t('buyerChooseFirst')}</p>}
      <button
        type="submit"
        class="primary"
        disabled={busy || !current || undecided}
        data-testid="submit-order"
      >
        {t('submit')}
      </button>
      {placed && <OrderResult order={placed.order} expected={placed.expected} />}
    </form>
  );
}
