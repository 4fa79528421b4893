// The year's costs: the form that adds one and the list by month with a delete button on each.
import { useEffect, useState } from 'preact/hooks';
import { COST_CATEGORIES, type BatchResponse, type CostCategory, type CostResponse } from '#contracts';
import { request } from '../../../api.ts';
import { formatMoney, todayInNursery } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';
import { cropName } from '../../orders.tsx';
import { categoryName } from './labels.ts';

/** "1,234.5" / "1234.50" → fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const clean = text.replace(/[,，\s¥]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

export function CostForm({
  year,
  batches,
  onAdded,
}: {
  year: number;
  batches: BatchResponse[];
  onAdded: () => void;
}) {
  const thisMonth = todayInNursery().slice(0, 7);
  const [month, setMonth] = useState(thisMonth.startsWith(String(year)) ? thisMonth : `${year}-01`);
  const [category, setCategory] = useState<CostCategory>('seed');
  const [amount, setAmount] = useState('');
  const [batchId, setBatchId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!month.startsWith(String(year))) setMonth(`${year}-${month.slice(5) || '01'}`);
  }, [year]);
  const submit = (event: Event) => {
    event.preventDefault();
    const amountFen = parseYuan(amount);
    if (amountFen === null || amountFen <= 0) {
      setError(t('amountRule'));
      return;
    }
    if (!/^\d{4}-\d{2}$/.test(month)) {
      setError(t('monthRule'));
      return;
    }
    setBusy(true);
    setError('');
    request('POST /api/costs', {
      body: {
        date: `${month}-01`,
        category,
        amountFen,
        ...(batchId ? { batchId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
    })
      .then(() => {
        setAmount('');
        setNote('');
        onAdded();
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="panel op-form" onSubmit={submit} data-testid="cost-form">
      <h3>{t('addCost')}</h3>
      <label>
        {t('month')}
        <select name="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)}>
          {Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, '0')}`).map(
            (m) => (
              <option value={m}>{m}</option>
            ),
          )}
        </select>
      </label>
      <label>
        {t('category')}
        <select
          name="category"
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value as CostCategory)}
        >
          {COST_CATEGORIES.map((c) => (
            <option value={c}>{categoryName(c)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('amountYuan')}
        <input
          name="amount"
          inputMode="decimal"
          value={amount}
          placeholder="1200.00"
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('costBatch')}
        <select name="batch" value={batchId} onChange={(e) => setBatchId(e.currentTarget.value)}>
          <option value="">{t('noBatch')}</option>
          {batches.map((b) => (
            <option value={b.id}>
              {b.code} · {cropName(b.crop)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('comment')}
        <input name="note" value={note} maxLength={200} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        {t('addCost')}
      </button>
    </form>
  );
}

/** The year's costs, month by month, each with its category, batch and a delete button. */
export function CostList({
  costs,
  batchCode,
  onChanged,
}: {
  costs: CostResponse[];
  batchCode: (id: string) => string;
  onChanged: () => void;
}) {
  const [error, setError] = useState('');
  const months = [...new Set(costs.map((c) => c.date.slice(0, 7)))].sort();
  const remove = (id: string) => {
    setError('');
    request('DELETE /api/costs/:id', { params: { id } })
      .then(onChanged)
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  if (costs.length === 0) return <p class="muted">{t('noCosts')}</p>;
  return (
    <div data-testid="cost-list">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {months.map((month) => {
        const rows = costs.filter((c) => c.date.startsWith(month));
        const total = rows.reduce((sum, c) => sum + c.amountFen, 0);
        return (
          <section class="panel op-month" data-testid={`costs-${month}`}>
            <header>
              <strong>{month}</strong>
              <b>{formatMoney(total / 100)}</b>
            </header>
            {rows.map((c) => (
              <div class="op-row">
                <span>
                  {categoryName(c.category)}
                  {c.batchId && <span class="muted"> · {batchCode(c.batchId)}</span>}
                  {c.note && <span class="muted data"> · {c.note}</span>}
                </span>
                <b>{formatMoney(c.amountFen / 100)}</b>
                <button class="op-delete" aria-label={t('delete')} onClick={() => remove(c.id)}>
                  {t('delete')}
                </button>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}
