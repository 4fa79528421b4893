// Cost categories and loss causes in the page's language.
import { CULL_CAUSE_MESSAGES, type CostCategory, type CullCause } from '#contracts';
import { locale, t, type MessageKey } from '../../../i18n.ts';

const CATEGORY: Record<CostCategory, MessageKey> = {
  seed: 'costSeed',
  substrate: 'costSubstrate',
  trays: 'costTrays',
  energy: 'costEnergy',
  water: 'costWater',
  labour: 'costLabour',
  other: 'costOther',
};
export const categoryName = (key: string) => (key in CATEGORY ? t(CATEGORY[key as CostCategory]) : key);

/** A loss's cause in the page's language: the cull causes, plus the report's own kinds. */
export function lossName(key: string): string {
  if (key in CULL_CAUSE_MESSAGES)
    return CULL_CAUSE_MESSAGES[key as CullCause][locale.get() === 'en' ? 'en' : 'zh'];
  if (key === 'over_aged') return t('lossOverAged');
  return t('lossUnknown');
}
