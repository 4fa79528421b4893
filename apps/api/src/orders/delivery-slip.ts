import type { Delivery } from './delivery.entity.js';
import { escapeHtml } from '../common/escape-html.js';
import { SLIP_PASSPORT_CSS } from '../passport/passport-page.js';
import type { OrderView } from './order-view.js';

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/**
 * A print-friendly delivery slip (送苗单): one A5 page, no scripts, prints as it shows; with the
 * climate passport summary of each batch the seedlings came from (`passports`, already rendered);
 * crops by their names (`cropName`: 辣椒/甜椒 Pepper), not their keys.
 */
export function renderDeliverySlip(
  order: OrderView,
  delivery: Delivery,
  passports: readonly string[] = [],
  cropName: (crop: string) => string = (crop) => crop,
): string {
  const rows = delivery.items
    .map((item) => {
      const line = order.lines.find((candidate) => candidate.id === item.lineId);
      const households = item.households.map((h) => `${escapeHtml(h.name)} ${h.quantity}`).join('、');
      return `<tr><td>${escapeHtml(cropName(item.crop))}${line?.cultivar ? ` (${escapeHtml(line.cultivar)})` : ''}</td>
<td class="n">${item.quantity}</td><td class="n">${yuan(item.priceFen)}</td>
<td class="n">${yuan(item.quantity * item.priceFen)}</td><td>${households}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>送苗单 ${order.number}</title>
<style>
@page { size: A5; margin: 12mm; }
body { font-family: sans-serif; font-size: 12pt; color: #000; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #000; padding: 4px 6px; }
.n { text-align: right; }
.sign { margin-top: 24px; display: flex; justify-content: space-between; }
${passports.length > 0 ? SLIP_PASSPORT_CSS : ''}
</style></head>
<body>
<h1>送苗单 Delivery slip</h1>
<p>订单 Order ${order.number} · 日期 Date ${escapeHtml(delivery.date)}</p>
<p>买方 Buyer: ${escapeHtml(order.buyer?.name ?? '')} (${escapeHtml(order.buyer?.village ?? '')})</p>
<table>
<thead><tr><th>作物 Crop</th><th>株数 Seedlings</th><th>单价 元</th><th>金额 元</th><th>农户 Households</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td>合计 Total</td><td class="n">${delivery.quantity}</td><td></td><td class="n">${yuan(delivery.amountFen)}</td><td></td></tr></tfoot>
</table>
<p>回收穴盘 Trays returned: ${delivery.returnedTrays}</p>
<p>订单总额 ${yuan(order.totalFen)} 元 · 已付 Paid ${yuan(order.paidFen)} 元 · 余额 Balance ${yuan(order.balanceFen)} 元</p>
${passports.join('\n')}
<div class="sign"><span>送苗人 ${escapeHtml(delivery.byName)}</span><span>收苗人签字 ______________</span></div>
</body></html>
`;
}
