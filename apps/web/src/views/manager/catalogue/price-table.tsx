// The price table of a crop or a variety: one row per tray size, prices typed in yuan.
import { t } from '../../../i18n.ts';
import { NumberInput } from './fields.tsx';
import type { PriceRowDraft } from './profile-draft.ts';

const COLUMNS = [
  ['cells', 'catCells'],
  ['price', 'catPlain'],
  ['grafted', 'catGraftedCol'],
  ['ownSeed', 'catOwnSeedCol'],
] as const;

export function PriceTable({
  rows,
  onChange,
  testId,
}: {
  rows: PriceRowDraft[];
  onChange: (rows: PriceRowDraft[]) => void;
  testId: string;
}) {
  const set = (index: number, change: Partial<PriceRowDraft>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div class="cat-prices" data-testid={testId}>
      <p class="muted">{t('catPriceNote')}</p>
      {rows.map((row, index) => (
        <div class="cat-price-row" data-testid={`${testId}-row-${index}`}>
          {COLUMNS.map(([column, label]) => (
            <label>
              {t(label)}
              <NumberInput
                name={`${testId}.${index}.${column}`}
                label={t(label)}
                value={row[column]}
                onInput={(text) => set(index, { [column]: text })}
              />
            </label>
          ))}
          {rows.length > 1 && (
            <button type="button" class="link" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              {t('catRemoveRow')}
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        class="link"
        onClick={() =>
          onChange([...rows, { cells: '', price: rows[0]?.price ?? '', grafted: '', ownSeed: '' }])
        }
      >
        {t('catAddRow')}
      </button>
    </div>
  );
}

/** The message for a price table that is not one: which row and which column. */
export function priceProblem(bad: string): { row: number; col: string } {
  const [row, column] = bad.split('.');
  const label = COLUMNS.find(([name]) => name === column)?.[1] ?? 'catCells';
  return { row: Number(row) + 1, col: t(label) };
}
