import { locale } from '../i18n.ts';

/**
 * Names of the demo site's houses, for pages that may not read `/api/zones` (a buyer gets 403):
 * where to pick up is the house of the batch.
 */
const HOUSES: Record<string, [string, string]> = {
  gh1: ['1号育苗棚', 'Greenhouse 1'],
  gh2: ['2号育苗棚', 'Greenhouse 2'],
  gh3: ['3号育苗棚', 'Greenhouse 3'],
  germ1: ['催芽室', 'Germination room'],
};

export const houseName = (code: string): string => {
  const names = HOUSES[code];
  return names ? names[locale.get() === 'en' ? 1 : 0] : code;
};
