// The climate passport on paper and behind the buyer's link: plain HTML, no scripts, Chinese first
// with the English beside it (as the delivery slip), readable on a phone and printable.
import {
  ALARM_MESSAGES,
  type AlarmRuleCode,
  BATCH_STAGE_NAMES,
  type ClimatePassportResponse,
  PASSPORT_METRIC_NAMES,
  type PassportFigure,
  SEVERITY_MESSAGES,
  formatStamp,
  passportBandText,
  passportSharePct,
} from '#contracts';
import { escapeHtml } from '../common/escape-html.js';

/** What the pages name things by: the crop and the houses in the nursery's words. */
export interface PassportLabels {
  readonly crop: { readonly zh: string; readonly en: string };
  readonly zones: ReadonlyMap<string, { readonly name: string; readonly nameEn: string | null }>;
}

/** 2026-12-07 16:11, Beijing time: one form both languages read. */
const zh = (at: string) => formatStamp(at);
const stageName = (stage: string) => BATCH_STAGE_NAMES[stage] ?? [stage, stage];
const zoneName = (labels: PassportLabels, code: string) => {
  const zone = labels.zones.get(code);
  return zone ? `${zone.name}${zone.nameEn ? ` ${zone.nameEn}` : ''}` : code;
};
const sharePct = (figure: PassportFigure, part: 'inMs' | 'belowMs' | 'aboveMs' | 'noDataMs') =>
  passportSharePct(figure, part) ?? 0;
const alarmTitle = (rule: string): [string, string] => {
  const messages = ALARM_MESSAGES[rule as AlarmRuleCode];
  return messages ? [messages.zh.title, messages.en.title] : [rule, rule];
};
const severityName = (severity: string) => {
  const names = (SEVERITY_MESSAGES as Record<string, { zh: string; en: string } | undefined>)[severity];
  return names ? `${names.zh} ${names.en}` : severity;
};

/** One row per figure: 达标 in range, 偏低 below, 偏高 above, 无数据 no data, as shares of the time. */
function figureRows(figures: readonly PassportFigure[], withBand: boolean): string {
  return figures
    .map((figure) => {
      const names = PASSPORT_METRIC_NAMES[figure.metric];
      return `<tr><td>${names.zh} ${names.en}</td>${withBand ? `<td>${passportBandText(figure)}</td>` : ''}
<td class="n">${sharePct(figure, 'inMs')}%</td><td class="n">${sharePct(figure, 'belowMs')}%</td>
<td class="n">${sharePct(figure, 'aboveMs')}%</td><td class="n">${sharePct(figure, 'noDataMs')}%</td></tr>`;
    })
    .join('\n');
}

const FIGURE_HEAD = (withBand: boolean) =>
  `<tr><th></th>${withBand ? '<th>范围 Range</th>' : ''}<th>达标 In range</th><th>偏低 Below</th><th>偏高 Above</th><th>无数据 No data</th></tr>`;

/**
 * The slip's part: the summary printed on the buyer's copy (it needs no network) and the QR code of
 * the link, which works only on the nursery's own network, as the slip says.
 */
export function renderSlipPassport(
  passport: ClimatePassportResponse,
  labels: PassportLabels,
  link: { url: string; qrSvg: string } | null,
): string {
  const { summary } = passport;
  const places = summary.places.map((code) => escapeHtml(zoneName(labels, code))).join(' → ');
  return `<section class="passport">
<h2>气候档案 Climate record · ${escapeHtml(passport.code)} ${escapeHtml(labels.crop.zh)} ${escapeHtml(labels.crop.en)}</h2>
<div class="passport-body">
<div>
<table>
<thead>${FIGURE_HEAD(false)}</thead>
<tbody>
${figureRows(summary.figures, false)}
</tbody>
</table>
<p>播种 Sown ${escapeHtml(passport.sowDate)} · ${summary.days} 天 days · 积温 Degree-days ${summary.degreeDays} °C·d ·
气候告警 Climate alarms ${summary.excursions} · 灌溉 Irrigations ${summary.irrigations}</p>
<p>摆放 Stood in: ${places || '—'}</p>
</div>
${
  link
    ? `<div class="qr">${link.qrSvg}<p>扫码查看完整档案（仅限苗场局域网）<br>Scan for the full record (on the nursery's network only)<br><span class="url">${escapeHtml(link.url)}</span></p></div>`
    : ''
}
</div>
</section>`;
}

/** The CSS the slip's passport part needs (the slip's own CSS styles its tables). */
export const SLIP_PASSPORT_CSS = `
.passport { margin-top: 16px; page-break-inside: avoid; }
.passport h2 { font-size: 13pt; margin: 8px 0; }
.passport-body { display: flex; gap: 12px; align-items: flex-start; }
.passport-body > div:first-child { flex: 1; }
.passport p { margin: 4px 0; font-size: 10pt; }
.qr { width: 34mm; text-align: center; font-size: 8pt; }
.qr svg { width: 30mm; height: 30mm; }
.qr .url { word-break: break-all; }
`;

/** The page behind the link: the batch's stored passport, stage by stage and place by place. */
export function renderPassportPage(passport: ClimatePassportResponse, labels: PassportLabels): string {
  const pieces = passport.pieces
    .map((piece) => {
      const [stageZh, stageEn] = stageName(piece.stage);
      const excursions = piece.excursions
        .map((e) => {
          const [titleZh, titleEn] = alarmTitle(e.rule);
          // The buyer's page says that an alarm was handled, never by whom or the staff's own words
          // (acknowledgement comments and the adviser's notes stay on the staff's page).
          const done = e.acknowledgedBy ? '苗场已处理 handled by the nursery' : '';
          return `<li>${titleZh} ${titleEn} (${severityName(e.severity)}) ${zh(e.raisedAt)} – ${
            e.clearedAt ? zh(e.clearedAt) : '未解除 still open'
          }${done ? `<br><small>${done}</small>` : ''}</li>`;
        })
        .join('\n');
      return `<section>
<h2>${stageZh} ${stageEn} · ${escapeHtml(zoneName(labels, piece.zone))}${piece.benches ? ` · ${escapeHtml(piece.benches)}` : ''} · ${piece.trays} 盘 trays</h2>
<p>${zh(piece.from)} – ${zh(piece.until)}</p>
<table>
<thead>${FIGURE_HEAD(true)}</thead>
<tbody>
${figureRows(piece.figures, true)}
</tbody>
</table>
<p>积温 Degree-days ${piece.degreeDays} °C·d (基温 base ${piece.baseC} °C) · 灌溉 Irrigations ${piece.irrigations} 次 runs, ${piece.irrigationMinutes} 分钟 min</p>
${excursions ? `<p>气候告警 Climate alarms:</p><ul>${excursions}</ul>` : '<p>无气候告警 No climate alarm</p>'}
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>气候档案 ${escapeHtml(passport.code)}</title>
<style>
body { font-family: sans-serif; margin: 12px; color: #111; max-width: 960px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
td, th { border: 1px solid #999; padding: 4px 6px; }
.n { text-align: right; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 20px; }
small { color: #444; }
/* A phone: six narrow columns fit 360 px when the words may wrap anywhere. */
@media (max-width: 480px) {
  body { margin: 8px; }
  table { font-size: 12px; }
  td, th { padding: 3px 4px; overflow-wrap: anywhere; }
}
</style></head>
<body>
<h1>气候档案 Climate record</h1>
<p>批次 Batch ${escapeHtml(passport.code)} · ${escapeHtml(labels.crop.zh)} ${escapeHtml(labels.crop.en)}${
    passport.cultivar ? ` (${escapeHtml(passport.cultivar)})` : ''
  } · 播种 Sown ${escapeHtml(passport.sowDate)}</p>
<p>数据截至 Figures up to ${zh(passport.through)}。范围为该批作物当时阶段的告警限值；读数之间最多按 3 个上报周期延续，更长的间隔计为无数据。
The range is the alarm limits for this crop at that stage; a reading stands for up to 3 reporting intervals, longer gaps count as no data.</p>
<h2>全程 Whole life</h2>
<table><thead>${FIGURE_HEAD(false)}</thead><tbody>
${figureRows(passport.summary.figures, false)}
</tbody></table>
<p>积温 Degree-days ${passport.summary.degreeDays} °C·d · 气候告警 Climate alarms ${passport.summary.excursions} · 灌溉 Irrigations ${passport.summary.irrigations}</p>
${pieces}
</body></html>
`;
}

/** What a revoked or mistyped link shows. */
export function renderMissingPassportPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>气候档案 Climate record</title></head>
<body style="font-family: sans-serif; margin: 16px">
<h1>此链接已失效</h1>
<p>苗场已收回这个气候档案链接，或链接不完整。请向苗场索取新的送苗单。</p>
<p lang="en">This climate record link was withdrawn by the nursery or is incomplete. Ask the nursery for a new delivery slip.</p>
</body></html>
`;
}
