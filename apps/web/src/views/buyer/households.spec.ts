import { describe, expect, it } from '@jest/globals';
import { parseHouseholds } from './households.ts';

describe('parseHouseholds', () => {
  it.each([
    ['a space', '王大娘 3000', [{ name: '王大娘', quantity: 3000 }]],
    ['a tab (a spreadsheet)', '李二柱\t2500', [{ name: '李二柱', quantity: 2500 }]],
    ['a comma', '张三,800', [{ name: '张三', quantity: 800 }]],
    ['a full-width comma', '赵四，1200', [{ name: '赵四', quantity: 1200 }]],
    ['spaces inside the name', '王 大娘  300', [{ name: '王 大娘', quantity: 300 }]],
  ])('reads a name and a number separated by %s', (_name, text, expected) => {
    expect(parseHouseholds(text).households).toEqual(expected);
  });

  it('reads a pasted list, skips blank lines, adds a name given twice and reports the rest', () => {
    const parsed = parseHouseholds('王大娘 3000\r\n\n李二柱，2500\n王大娘,500\n只有名字\n负数 -5\n零 0\n');
    expect(parsed.households).toEqual([
      { name: '王大娘', quantity: 3500 },
      { name: '李二柱', quantity: 2500 },
    ]);
    expect(parsed.total).toBe(6000);
    expect(parsed.errors.map((e) => e.line)).toEqual([5, 6, 7]);
  });
});
