import type { CatalogueCrop, DryRunLine } from '#contracts';
import { localName, t } from '../../i18n.ts';
import { type LineDraft, type Problem } from './draft.ts';
import { parseHouseholds } from './households.ts';
import { graftable, quoteFen } from './prices.ts';
import { day, perPlant, plants, tf } from './text.ts';
import { formatFen } from '../../format.ts';

const PROBLEM_TEXT: Record<
  Problem,
  'buyerQtyRange' | 'buyerDatePast' | 'buyerHouseholdLines' | 'buyerHouseholdsOver'
> = {
  quantityRange: 'buyerQtyRange',
  datePast: 'buyerDatePast',
  householdLines: 'buyerHouseholdLines',
  householdsOver: 'buyerHouseholdsOver',
};

interface Props {
  index: number;
  draft: LineDraft;
  crops: CatalogueCrop[];
  limits: { min: number; max: number; today: string };
  problems: Problem[];
  /** The dry run's answer for this line, when it is the answer for what is typed now. */
  verdict: DryRunLine | null;
  removable: boolean;
  onChange: (change: Partial<LineDraft>) => void;
  onRemove: () => void;
}

/** One line of the order: crop, tray, grafted or own seed, quantity, date, households, and its verdict. */
export function LineEditor({
  index,
  draft,
  crops,
  limits,
  problems,
  verdict,
  removable,
  onChange,
  onRemove,
}: Props) {
  const crop = crops.find((c) => c.key === draft.crop);
  const parsed = parseHouseholds(draft.households);
  const id = `line-${index}`;
  const cells = draft.cells ? Number(draft.cells) : null;
  const quote = (kind: { grafted?: boolean; ownSeed?: boolean }) =>
    crop ? quoteFen(crop, draft.cultivar, { cells, grafted: false, ownSeed: false, ...kind }) : null;
  const canGraft = crop !== undefined && graftable(crop, draft.cultivar, cells);
  const grafted = draft.grafted && canGraft;
  const unitFen = quote({ grafted, ownSeed: draft.ownSeed });
  // A variety or a tray whose table sells no grafted seedlings takes the tick off with it.
  const keepGraft = (cultivar: string, trayCells: number | null) =>
    draft.grafted && crop !== undefined && graftable(crop, cultivar, trayCells);
  return (
    <fieldset class="order-line" data-testid={id}>
      <legend>
        {tf('buyerLineN', { n: index + 1 })}
        {removable && (
          <button type="button" class="link" data-testid={`${id}-remove`} onClick={onRemove}>
            {t('buyerRemoveLine')}
          </button>
        )}
      </legend>
      <div class="line-grid">
        <label>
          {t('crop')}
          <select
            name="crop"
            value={draft.crop}
            onChange={(e) =>
              onChange({ crop: e.currentTarget.value, cultivar: '', cells: '', grafted: false })
            }
          >
            {crops.map((c) => (
              <option value={c.key}>{localName(c)}</option>
            ))}
          </select>
        </label>
        {crop && crop.varieties.length > 0 && (
          <label>
            {t('variety')}
            <select
              name="cultivar"
              value={draft.cultivar}
              onChange={(e) => {
                const cultivar = e.currentTarget.value;
                onChange({ cultivar, grafted: keepGraft(cultivar, cells), wait: false });
              }}
            >
              <option value="">{t('buyerAnyVariety')}</option>
              {crop.varieties.map((v) => (
                <option value={v.name}>{localName(v)}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('tray')}
          <select
            name="cells"
            value={draft.cells}
            onChange={(e) => {
              const value = e.currentTarget.value;
              onChange({ cells: value, grafted: keepGraft(draft.cultivar, value ? Number(value) : null) });
            }}
          >
            {(crop?.trays ?? []).map((cells, i) => (
              <option value={i === 0 ? '' : String(cells)}>{tf('buyerCells', { cells })}</option>
            ))}
          </select>
        </label>
        <label>
          {t('quantity')}
          <input
            name="quantity"
            type="number"
            inputMode="numeric"
            min={limits.min}
            max={limits.max}
            step={1}
            value={draft.quantity}
            placeholder={parsed.total > 0 ? String(parsed.total) : ''}
            onInput={(e) => onChange({ quantity: e.currentTarget.value, wait: false })}
          />
        </label>
        <label>
          {t('date')}
          <input
            name="date"
            type="date"
            value={draft.date}
            min={limits.today}
            onInput={(e) => onChange({ date: e.currentTarget.value, wait: false })}
          />
        </label>
      </div>
      <div class="line-options">
        {canGraft && (
          <label class="check">
            <input
              type="checkbox"
              name="grafted"
              checked={draft.grafted}
              onChange={(e) => onChange({ grafted: e.currentTarget.checked, wait: false })}
            />
            {t('buyerGrafted')} ({perPlant(quote({ grafted: true }) ?? 0)})
          </label>
        )}
        <label class="check">
          <input
            type="checkbox"
            name="ownSeed"
            checked={draft.ownSeed}
            onChange={(e) => onChange({ ownSeed: e.currentTarget.checked, wait: false })}
          />
          {t('buyerOwnSeed')} ({perPlant(quote({ ownSeed: true }) ?? 0)})
        </label>
      </div>
      {unitFen !== null && (
        <p class="line-price" data-testid={`${id}-price`}>
          {t('buyerUnitPrice')} <strong>{perPlant(unitFen)}</strong>
        </p>
      )}
      <label>
        {t('buyerHouseholds')}
        <textarea
          name="households"
          rows={3}
          value={draft.households}
          placeholder={t('buyerHouseholdsHint')}
          onInput={(e) => onChange({ households: e.currentTarget.value, wait: false })}
        />
      </label>
      {(parsed.households.length > 0 || parsed.errors.length > 0) && (
        <div class="household-preview" data-testid={`${id}-households`}>
          <p class="muted">
            {tf('buyerHouseholdsParsed', { n: parsed.households.length, total: plants(parsed.total) })}
          </p>
          <ul>
            {parsed.households.map((h) => (
              <li>
                <span class="data">{h.name}</span> <strong>{plants(h.quantity)}</strong>
              </li>
            ))}
            {parsed.errors.map((e) => (
              <li class="error">
                {tf('buyerHouseholdBad', { line: e.line })} <span class="data">{e.text}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {problems
        // An untouched line says nothing is wrong yet; it is simply not filled in.
        .filter((problem) => problem !== 'quantityRange' || draft.quantity !== '' || draft.households !== '')
        .map((problem) => (
          <p class="error" role="alert" data-testid={`${id}-problem`}>
            {tf(PROBLEM_TEXT[problem], {
              min: limits.min,
              max: plants(limits.max),
              today: day(limits.today),
            })}
          </p>
        ))}
      {problems.length === 0 && <Verdict id={id} draft={draft} verdict={verdict} onChange={onChange} />}
    </fieldset>
  );
}

/** The dry run's word on the line; an impossible date offers the earliest one or waiting, never silently. */
function Verdict({
  id,
  draft,
  verdict,
  onChange,
}: {
  id: string;
  draft: LineDraft;
  verdict: DryRunLine | null;
  onChange: (change: Partial<LineDraft>) => void;
}) {
  if (!verdict)
    return (
      <p class="verdict muted" data-testid={`${id}-verdict`} data-outcome="">
        {t('buyerChecking')}
      </p>
    );
  if (verdict.outcome === 'confirmed')
    return (
      <p class="verdict ok" data-testid={`${id}-verdict`} data-outcome="confirmed">
        ✓ {tf('buyerCanConfirm', { date: day(verdict.date) })} · {formatFen(verdict.amountFen)}
      </p>
    );
  const earliest = verdict.earliestDate;
  return (
    <div class="verdict no" data-testid={`${id}-verdict`} data-outcome="waitlisted">
      <p>
        {tf('buyerCannotMeet', { date: day(draft.date) })}{' '}
        {earliest ? tf('buyerEarliestIs', { date: day(earliest) }) : t('buyerNoDateInHorizon')}
      </p>
      <div class="choice">
        {earliest && (
          <button
            type="button"
            class="primary"
            data-testid={`${id}-use-earliest`}
            onClick={() => onChange({ date: earliest, wait: false })}
          >
            {tf('buyerTakeEarliest', { date: day(earliest) })}
          </button>
        )}
        <button
          type="button"
          class={draft.wait ? 'active' : ''}
          data-testid={`${id}-wait`}
          aria-pressed={draft.wait}
          onClick={() => onChange({ wait: !draft.wait })}
        >
          {tf('buyerWaitForDate', { date: day(draft.date) })}
        </button>
      </div>
      {draft.wait && <p class="muted">{t('buyerWaitExplained')}</p>}
    </div>
  );
}
