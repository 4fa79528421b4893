import { describe, expect, it } from '@jest/globals';
import type { CatalogueCrop } from '#contracts';
import { graftable, pricesByTray, quoteFen } from './prices.ts';

const tomato = {
  key: 'tomato',
  trays: [72, 50],
  prices: [
    { cells: 72, priceFen: 80, graftedPriceFen: 160, ownSeedPriceFen: 60 },
    { cells: 50, priceFen: 100, graftedPriceFen: 200, ownSeedPriceFen: 75 },
  ],
  varieties: [
    {
      name: '千禧',
      nameEn: 'Qianxi',
      prices: [{ cells: 72, priceFen: 150, graftedPriceFen: null, ownSeedPriceFen: 110 }],
    },
  ],
} as unknown as CatalogueCrop;

describe('quoteFen', () => {
  it.each([
    ['the crop, default tray', '', { cells: null, grafted: false, ownSeed: false }, 80],
    ['the crop, another tray', '', { cells: 50, grafted: false, ownSeed: false }, 100],
    ['the crop, grafted', '', { cells: 50, grafted: true, ownSeed: false }, 200],
    ['the crop, own seed', '', { cells: null, grafted: false, ownSeed: true }, 60],
    ['a variety', '千禧', { cells: null, grafted: false, ownSeed: false }, 150],
    ['a variety, own seed', '千禧', { cells: 72, grafted: false, ownSeed: true }, 110],
    [
      'a variety, a tray it has no row for: the default tray',
      '千禧',
      { cells: 50, grafted: false, ownSeed: false },
      150,
    ],
    [
      'a variety without a grafted price: twice the plain one',
      '千禧',
      { cells: null, grafted: true, ownSeed: false },
      300,
    ],
    [
      'a name the catalogue does not know: the crop',
      '黑珍珠',
      { cells: null, grafted: false, ownSeed: false },
      80,
    ],
  ])('prices %s', (_name, variety, kind, fen) => {
    expect(quoteFen(tomato, variety, kind)).toBe(fen);
  });

  it('offers grafting where the row has a grafted price', () => {
    expect(graftable(tomato, '', null)).toBe(true);
    expect(graftable(tomato, '千禧', null)).toBe(false);
  });
});

describe('pricesByTray', () => {
  it('says one price when every tray costs the same, else one per tray', () => {
    expect(pricesByTray(tomato.varieties[0].prices, (row) => row.priceFen)).toEqual([
      { cells: null, fen: 150 },
    ]);
    expect(pricesByTray(tomato.prices, (row) => row.priceFen)).toEqual([
      { cells: 72, fen: 80 },
      { cells: 50, fen: 100 },
    ]);
    expect(pricesByTray(tomato.varieties[0].prices, (row) => row.graftedPriceFen)).toEqual([]);
  });
});
