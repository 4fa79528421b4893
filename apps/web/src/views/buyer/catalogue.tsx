import { useState } from 'preact/hooks';
import type { CatalogueCrop, CatalogueVariety, TrayPrice } from '#contracts';
import { localName, t, type MessageKey } from '../../i18n.ts';
import { useCatalogue } from './catalogue-data.ts';
import { pricesByTray } from './prices.ts';
import { day, num, perPlant, plants, tf } from './text.ts';

/**
 * What can be ordered, before anything is filled in: every crop as a card with its trays, prices
 * and the earliest pickup for 1,000 seedlings and for the buyer's last quantity (computed on the
 * server for the whole catalogue at once). "Order this" starts a line of that crop.
 */
export function Catalogue({ onPick }: { onPick: (crop: string) => void }) {
  const catalogue = useCatalogue();
  const [open, setOpen] = useState(true);
  if (!catalogue) return <p class="muted">{t('loading')}</p>;
  return (
    <section class="panel buyer-catalogue" data-testid="catalogue">
      <header class="buyer-section-head">
        <h2>{t('buyerCatalogue')}</h2>
        <button type="button" class="link" onClick={() => setOpen(!open)}>
          {open ? t('buyerHide') : t('buyerShow')}
        </button>
      </header>
      {open && (
        <>
          <p class="muted">
            {tf('buyerCatalogueNote', { today: day(catalogue.today), n: num(catalogue.sampleQuantity) })}
          </p>
          <div class="catalogue-cards">
            {catalogue.crops.map((crop) => (
              <CropCard crop={crop} sample={catalogue.sampleQuantity} onPick={onPick} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function CropCard({
  crop,
  sample,
  onPick,
}: {
  crop: CatalogueCrop;
  sample: number;
  onPick: (crop: string) => void;
}) {
  return (
    <article class="crop-card" data-testid={`crop-${crop.key}`}>
      <header>
        <strong>{localName(crop)}</strong>
        <span class="muted">{tf('buyerTrays', { cells: crop.trays.join(' / ') })}</span>
      </header>
      <dl class="crop-facts">
        <div>
          <dt>{t('buyerPrice')}</dt>
          <dd data-testid="price">{perPlant(crop.priceFen)}</dd>
        </div>
        {crop.graftedPriceFen !== null && (
          <div>
            <dt>{t('buyerGraftedPrice')}</dt>
            <dd data-testid="grafted-price">{perPlant(crop.graftedPriceFen)}</dd>
          </div>
        )}
        <div>
          <dt>{t('buyerOwnSeedPrice')}</dt>
          <dd>{perPlant(crop.ownSeedPriceFen)}</dd>
        </div>
        <div>
          <dt>{tf('buyerEarliestFor', { quantity: plants(sample) })}</dt>
          <dd data-testid="earliest-sample">
            {crop.earliestSample ? day(crop.earliestSample) : t('buyerNoDate')}
          </dd>
        </div>
        {crop.lastQuantity !== null && (
          <div>
            <dt>{tf('buyerEarliestLast', { quantity: plants(crop.lastQuantity) })}</dt>
            <dd data-testid="earliest-last">
              {crop.earliestLast ? day(crop.earliestLast) : t('buyerNoDate')}
            </dd>
          </div>
        )}
      </dl>
      {crop.varieties.length > 0 && (
        <div class="crop-varieties" data-testid="varieties">
          <p class="muted">{tf('buyerVarietiesN', { n: crop.varieties.length })}</p>
          <ul>
            {crop.varieties.map((variety) => (
              <VarietyPrices variety={variety} />
            ))}
          </ul>
        </div>
      )}
      <button type="button" class="pick" data-testid={`pick-${crop.key}`} onClick={() => onPick(crop.key)}>
        {t('buyerOrderThis')}
      </button>
    </article>
  );
}

const KINDS: { label: MessageKey; pick: (row: TrayPrice) => number | null }[] = [
  { label: 'buyerPrice', pick: (row) => row.priceFen },
  { label: 'buyerGraftedPrice', pick: (row) => row.graftedPriceFen },
  { label: 'buyerOwnSeedPrice', pick: (row) => row.ownSeedPriceFen },
];

/**
 * A variety with what it costs: plain, grafted (where sold grafted) and own seed, one price when
 * every tray costs the same, else per tray ("72 孔 ¥1.50/株，128 孔 ¥1.20/株").
 */
function VarietyPrices({ variety }: { variety: CatalogueVariety }) {
  const parts = KINDS.flatMap(({ label, pick }) => {
    const rows = pricesByTray(variety.prices, pick);
    if (rows.length === 0) return [];
    const text = rows
      .map((row) =>
        row.cells === null
          ? perPlant(row.fen)
          : `${tf('buyerCells', { cells: row.cells })} ${perPlant(row.fen)}`,
      )
      .join(t('buyerListSeparator'));
    return [`${t(label)} ${text}`];
  });
  return (
    <li data-testid={`variety-${variety.name}`}>
      <strong class="data">{localName(variety)}</strong> <span>{parts.join(' · ')}</span>
    </li>
  );
}
