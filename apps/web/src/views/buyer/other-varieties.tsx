// A short line's third alternative (after the partial delivery and the next date): another variety
// of its crop that can serve the whole line on its promised day, taken in one tap.
import { useEffect, useState } from 'preact/hooks';
import type { CatalogueVariety, OrderLineResponse } from '#contracts';
import { request } from '../../api.ts';
import { localName } from '../../i18n.ts';
import { useCatalogue } from './catalogue-data.ts';
import { quoteFen } from './prices.ts';
import { day, perPlant, tf } from './text.ts';

/** At most this many varieties are asked about (one availability question each). */
const ASKED = 4;

export function OtherVarieties({
  line,
  busy,
  onTake,
  fallback,
}: {
  line: OrderLineResponse;
  busy: boolean;
  onTake: (cultivar: string) => void;
  /** Shown when no other variety can serve the line that day. */
  fallback: string;
}) {
  const catalogue = useCatalogue();
  const [open, setOpen] = useState<CatalogueVariety[] | null>(null);
  const date = line.confirmedDate;
  const crop = catalogue?.crops.find((candidate) => candidate.key === line.crop);
  const others = (crop?.varieties ?? []).filter((variety) => variety.name !== line.cultivar).slice(0, ASKED);
  const names = others.map((variety) => variety.name).join('|');
  useEffect(() => {
    if (!date || others.length === 0) return setOpen([]);
    let current = true;
    void Promise.all(
      others.map((variety) =>
        request('GET /api/availability', {
          query: { crop: line.crop, cultivar: variety.name, quantity: line.quantity, date },
        })
          .then((answer) => (answer.canConfirm ? variety : null))
          .catch(() => null),
      ),
    ).then((answers) => current && setOpen(answers.filter((v): v is CatalogueVariety => v !== null)));
    return () => {
      current = false;
    };
  }, [names, date, line.quantity]);
  if (open === null || !line.cultivar) return null;
  if (open.length === 0) return <p class="muted">{fallback}</p>;
  return (
    <>
      {open.map((variety) => {
        // What the line would pay as that variety: its tray, grafted or not, from whose seed.
        const price = crop ? quoteFen(crop, variety.name, line) : null;
        return (
          <button
            type="button"
            data-testid={`line-${line.id}-variety-${variety.name}`}
            disabled={busy}
            onClick={() => onTake(variety.name)}
          >
            {tf('buyerTakeVariety', {
              variety: localName({ name: variety.name, nameEn: variety.nameEn }),
              date: day(date),
              price: price === null ? '' : perPlant(price),
            })}
          </button>
        );
      })}
    </>
  );
}
