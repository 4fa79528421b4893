/**
 * The largest values a village nursery could meet, one place for every DTO. A value above them is a
 * typo or an attack, never an order: refusing it with 400 keeps it out of integer columns (int4
 * overflows at 2,147,483,647) and out of arithmetic that multiplies it (quantity × price).
 */
export const INPUT_LIMITS = {
  /** Seedlings on one order line, delivery, count or sale (a large county contract is ~2 million). */
  seedlings: 5_000_000,
  /** Trays of one batch (a 10-house nursery holds ~20,000 trays in all). */
  trays: 20_000,
  /** Cells per tray: plug trays run 21 to 288; 512 leaves room for germination flats. */
  cellsMin: 8,
  cellsMax: 512,
  /** Price of one seedling in fen (100 yuan; grafted seedlings sell at 1-5 yuan). */
  seedlingPriceFen: 10_000,
  /** One payment, refund or cost in fen (10 million yuan). */
  amountFen: 1_000_000_000,
  /** Days in any duration a person enters (growth, grace, hold, horizon). */
  days: 400,
  /** Benches, sort orders and similar counts of things in one nursery. */
  things: 10_000,
  /** Bench area of one house in m² (10 ha). */
  areaM2: 100_000,
  /** Trays per m² of bench (a 54×28 cm tray packs about 6.6 a m²). */
  traysPerM2: 100,
  /** Benches one move names (a house has up to about 40). */
  benchesPerMove: 200,
  /** Trays one house or germination room holds. */
  trayCapacity: 1_000_000,
  /** Temperatures a person may set, in °C. */
  temperatureMinC: -40,
  temperatureMaxC: 60,
  /** Row ids sent back by clients (int4 keys). */
  rowId: 2_147_483_647,
} as const;

/** Calendar dates a nursery plans with: order dates, sowing, costs, payments. */
export const DATE_RANGE = { min: '2000-01-01', max: '2100-12-31' } as const;
