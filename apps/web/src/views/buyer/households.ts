/** One household of a village order as typed: a name and a number of seedlings. */
export interface ParsedHousehold {
  name: string;
  quantity: number;
}

export interface ParsedHouseholds {
  households: ParsedHousehold[];
  /** The lines that are not "name number" (1-based line numbers, with their text). */
  errors: { line: number; text: string }[];
  total: number;
}

/**
 * A party secretary's list, typed or pasted one household a line: a name and a number separated by
 * spaces, a tab, `,` or the full-width `，` (what a phone keyboard, a spreadsheet or a WeChat message
 * gives). The number is the last thing on the line, so a name may hold spaces ("王 大娘 300").
 * Blank lines are skipped; the same name twice adds up (one household, two rows of a list).
 */
export function parseHouseholds(text: string): ParsedHouseholds {
  const byName = new Map<string, number>();
  const errors: ParsedHouseholds['errors'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const match = /^(.+?)[\s,，、]+(\d+)$/u.exec(line);
    const quantity = match ? Number(match[2]) : NaN;
    const name = match ? match[1].trim() : '';
    if (!match || name === '' || !Number.isSafeInteger(quantity) || quantity < 1) {
      errors.push({ line: index + 1, text: line });
      return;
    }
    byName.set(name, (byName.get(name) ?? 0) + quantity);
  });
  const households = [...byName].map(([name, quantity]) => ({ name, quantity }));
  return { households, errors, total: households.reduce((sum, h) => sum + h.quantity, 0) };
}
