import { useEffect, useState } from 'preact/hooks';
import { alarmMessage, formatStamp, type LossLedgerResponse, type ZoneResponse } from '#contracts';
import { request } from '../../../api.ts';
import { formatCount } from '../../../format.ts';
import { locale, localName, t } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';
import { cropName, stageText } from '../../orders.tsx';
import { lossName } from './labels.ts';

/** An alarm rule's title in the page's language (the same catalogue the alarm list uses). */
const ruleTitle = (rule: string) => alarmMessage(rule, {}, { locale: locale.get() })?.title ?? rule;

/**
 * 损失台账: the year's culls by cause (with how many seedlings have a climate event behind them),
 * by crop, stage and month, and each cull with the cold night or wet week at its batch's places in
 * the week before (`GET /api/reports/losses`).
 */
export function LossLedger({ year }: { year: number }) {
  const [ledger, setLedger] = useState<LossLedgerResponse | null>(null);
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const zoneName = (code: string) => localName(zones.find((z) => z.code === code)) || code;
  useEffect(() => {
    request('GET /api/zones')
      .then(setZones)
      .catch(() => setZones([]));
  }, []);
  const [error, setError] = useState('');
  useEffect(() => {
    setError('');
    request('GET /api/reports/losses', { query: { year } })
      .then(setLedger)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [year]);
  if (error) return <p class="error">{error}</p>;
  if (ledger === null) return <p class="muted">{t('loading')}</p>;
  const rows = (buckets: LossLedgerResponse['byCrop'], name: (key: string) => string) =>
    buckets.map((b) => (
      <div class="op-row" key={b.key}>
        <span>{name(b.key)}</span>
        <b>{formatCount(b.seedlings)}</b>
      </div>
    ));
  return (
    <section class="panel" data-testid="loss-ledger">
      <h3>
        {t('lossLedger')} {year}
      </h3>
      {ledger.culls.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <>
          <h4>{t('lossByCause')}</h4>
          {ledger.byCause.map((b) => (
            <div class="op-row" key={b.cause} data-testid={`loss-cause-${b.cause}`}>
              <span>{lossName(b.cause)}</span>
              <b>
                {formatCount(b.seedlings)}
                {b.linkedSeedlings > 0 &&
                  ` · ${t('lossLinkedShare').replace('{n}', formatCount(b.linkedSeedlings))}`}
              </b>
            </div>
          ))}
          <h4>{t('lossByCrop')}</h4>
          {rows(ledger.byCrop, cropName)}
          <h4>{t('lossByStage')}</h4>
          {rows(ledger.byStage, stageText)}
          <h4>{t('lossByMonth')}</h4>
          {rows(ledger.byMonth, (month) => month)}
          <h4>{t('lossEntries')}</h4>
          <ul class="plain loss-entries">
            {ledger.culls.map((cull, index) => (
              <li key={`${cull.batchId}-${cull.at}-${index}`} data-testid={`loss-${cull.code}-${cull.cause}`}>
                <div class="op-row">
                  <span>
                    {formatStamp(cull.at)} · {cull.code} {cropName(cull.crop)} {stageText(cull.stage)} ·{' '}
                    {lossName(cull.cause)}
                  </span>
                  <b>{formatCount(cull.seedlings)}</b>
                </div>
                {cull.excursions.length > 0 && (
                  <ul class="loss-links">
                    {cull.excursions.map((e) => (
                      <li key={e.id} data-testid={`loss-link-${e.id}`}>
                        {t('lossLinkedTo')} {ruleTitle(e.rule)} · {zoneName(e.zone)} ·{' '}
                        {formatStamp(e.raisedAt)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
