import type { CatalogueCrop, CatalogueVariety, TrayPrice } from '#contracts';

/** What decides a seedling's price: the tray (null: the crop's default), grafted, own seed. */
export interface PriceKind {
  cells: number | null;
  grafted: boolean;
  ownSeed: boolean;
}

/** The crop's variety of that name; undefined for "any variety" or a name the catalogue does not know. */
export function varietyOf(crop: CatalogueCrop | undefined, name: string): CatalogueVariety | undefined {
  return name ? crop?.varieties.find((variety) => variety.name === name) : undefined;
}

/**
 * The price table a line pays by: its variety's when it names a known one, else its crop's (the
 * server prices an order line the same way, docs/catalogue.md "Prices").
 */
export function priceTable(crop: CatalogueCrop, variety: string): TrayPrice[] {
  return varietyOf(crop, variety)?.prices ?? crop.prices;
}

/** The row of a tray: that size's, else the default tray's (the first of `trays`), else the first. */
export function trayRow(
  crop: CatalogueCrop,
  prices: TrayPrice[],
  cells: number | null,
): TrayPrice | undefined {
  const wanted = cells ?? crop.trays[0];
  return (
    prices.find((row) => row.cells === wanted) ??
    prices.find((row) => row.cells === crop.trays[0]) ??
    prices[0]
  );
}

/**
 * Fen per seedling as the order would be quoted: a graft without its own price costs twice the plain
 * one, own seed without its own price the plain one (the catalogue already quotes both per tray).
 */
export function quoteFen(crop: CatalogueCrop, variety: string, kind: PriceKind): number | null {
  const row = trayRow(crop, priceTable(crop, variety), kind.cells);
  if (!row) return null;
  if (kind.grafted) return row.graftedPriceFen ?? row.priceFen * 2;
  if (kind.ownSeed) return row.ownSeedPriceFen ?? row.priceFen;
  return row.priceFen;
}

/** Whether the line may ask for grafted seedlings: the row of its tray has a grafted price. */
export function graftable(crop: CatalogueCrop, variety: string, cells: number | null): boolean {
  return (trayRow(crop, priceTable(crop, variety), cells)?.graftedPriceFen ?? null) !== null;
}

/**
 * A price table in few words: one entry when every tray costs the same, else one per tray, so a
 * card shows "¥1.50" rather than the same price three times. `pick` chooses plain, grafted or own seed.
 */
export function pricesByTray(
  prices: TrayPrice[],
  pick: (row: TrayPrice) => number | null,
): { cells: number | null; fen: number }[] {
  const rows = prices.flatMap((row) => {
    const fen = pick(row);
    return fen === null ? [] : [{ cells: row.cells, fen }];
  });
  if (rows.length > 0 && rows.every((row) => row.fen === rows[0].fen))
    return [{ cells: null, fen: rows[0].fen }];
  return rows;
}
