import { useEffect, useState } from 'preact/hooks';
import {
  ALARM_MESSAGES,
  type AlarmRuleCode,
  type ClimatePassportResponse,
  PASSPORT_METRIC_NAMES,
  passportBandText,
  passportSharePct,
  type PassportFigure,
  type ZoneResponse,
} from '#contracts';
import { request, session } from '../../api.ts';
import { severityText } from '../../alarm-text.ts';
import { formatDateTime } from '../../format.ts';
import { locale, t } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { zoneName } from '../batch-records/data.ts';
import { tf } from '../batch-records/text.ts';
import { stageText } from '../orders.tsx';
import './passport.css';

const share = (figure: PassportFigure, part: 'inMs' | 'belowMs' | 'aboveMs' | 'noDataMs') => {
  const pct = passportSharePct(figure, part);
  return pct === null ? '—' : `${pct.toLocaleString(locale.get())}%`;
};
const metricText = (figure: PassportFigure) =>
  PASSPORT_METRIC_NAMES[figure.metric][locale.get() === 'en' ? 'en' : 'zh'];
const alarmTitle = (rule: string) => {
  const messages = ALARM_MESSAGES[rule as AlarmRuleCode];
  return messages ? messages[locale.get() === 'en' ? 'en' : 'zh'].title : rule;
};

/** Time in, below and above the band and without data, one row per figure. */
function FigureTable({
  figures,
  withBand,
  testId,
}: {
  figures: PassportFigure[];
  withBand: boolean;
  testId: string;
}) {
  return (
    <div class="scroll">
      <table class="passport-figures" data-testid={testId}>
        <thead>
          <tr>
            <th />
            {withBand && <th>{t('passportRange')}</th>}
            <th>{t('passportInRange')}</th>
            <th>{t('passportBelow')}</th>
            <th>{t('passportAbove')}</th>
            <th>{t('passportNoData')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.map((figure) => (
            <tr data-metric={figure.metric}>
              <th scope="row">
                {metricText(figure)}
                {figure.basis && (
                  <small class="muted">
                    {' '}
                    {t(
                      figure.basis === 'benches'
                        ? 'passportBasisBenches'
                        : figure.basis === 'none'
                          ? 'passportBasisNone'
                          : 'passportBasisHouse',
                    )}
                  </small>
                )}
              </th>
              {withBand && <td class="data">{passportBandText(figure)}</td>}
              <td class="data" data-testid="share-in">
                {share(figure, 'inMs')}
              </td>
              <td class="data">{share(figure, 'belowMs')}</td>
              <td class="data">{share(figure, 'aboveMs')}</td>
              <td class="data" data-testid="share-nodata">
                {share(figure, 'noDataMs')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A batch's climate passport (气候档案) for the manager and the adviser: the whole life's figures,
 * each stage in each place with its alarms and what was done, and the buyer's link (the manager
 * renews or withdraws it).
 */
export function PassportPanel({ batchId, zones }: { batchId: string; zones: readonly ZoneResponse[] }) {
  const [passport, setPassport] = useState<ClimatePassportResponse | null>(null);
  const [error, setError] = useState('');
  const manager = session.get()?.user.role === 'manager';
  useEffect(() => {
    setPassport(null);
    void request('GET /api/batches/:id/passport', { params: { id: batchId } })
      .then(setPassport)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [batchId]);
  const linkAction = (
    route: 'POST /api/batches/:id/passport/link' | 'DELETE /api/batches/:id/passport/link',
  ) => {
    setError('');
    void request(route, { params: { id: batchId } })
      .then(setPassport)
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  return (
    <section class="panel passport" data-testid="passport">
      <h3>{t('passportTitle')}</h3>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!passport ? (
        !error && <p class="muted">{t('loading')}</p>
      ) : (
        <>
          <p class="muted">
            {tf('passportThrough', { time: formatDateTime(passport.through) })} ·{' '}
            {passport.storedAt
              ? tf('passportStored', { time: formatDateTime(passport.storedAt) })
              : t('passportNotStored')}
          </p>
          {passport.pieces.length === 0 ? (
            <p class="muted">{t('passportEmpty')}</p>
          ) : (
            <>
              <h4>{t('passportWhole')}</h4>
              <FigureTable figures={passport.summary.figures} withBand={false} testId="passport-summary" />
              <p data-testid="passport-totals">
                {tf('passportDegreeDays', { n: passport.summary.degreeDays })} ·{' '}
                {tf('passportAlarms', { n: passport.summary.excursions })} ·{' '}
                {tf('passportIrrigationRuns', { n: passport.summary.irrigations })}
              </p>
              <p>
                {t('passportPlaces')}:{' '}
                {passport.summary.places.map((code) => zoneName(zones, code)).join(' → ')}
              </p>
              <h4>{t('passportPieces')}</h4>
              {passport.pieces.map((piece, index) => (
                <details
                  class="passport-piece"
                  data-testid={`passport-piece-${index}`}
                  open={passport.pieces.length <= 2}
                >
                  <summary>
                    {stageText(piece.stage)} · {zoneName(zones, piece.zone)}
                    {piece.benches ? ` ${piece.benches}` : ''} · {formatDateTime(piece.from)}–
                    {piece.closed ? formatDateTime(piece.until) : t('passportOngoing')}
                  </summary>
                  <FigureTable figures={piece.figures} withBand testId={`passport-figures-${index}`} />
                  <p class="muted">
                    {tf('passportDegreeDays', { n: piece.degreeDays })} (
                    {tf('passportBase', { n: piece.baseC })}) ·{' '}
                    {piece.irrigations === 0
                      ? t('passportNoIrrigation')
                      : tf('passportIrrigations', { n: piece.irrigations, m: piece.irrigationMinutes })}
                  </p>
                  {piece.excursions.length === 0 ? (
                    <p class="muted">{t('passportNoAlarm')}</p>
                  ) : (
                    <ul class="passport-alarms">
                      {piece.excursions.map((e) => (
                        <li>
                          <b>{alarmTitle(e.rule)}</b> ({severityText(e.severity)}){' '}
                          {formatDateTime(e.raisedAt)}–
                          {e.clearedAt ? formatDateTime(e.clearedAt) : t('passportStillOpen')}
                          {e.acknowledgedBy && (
                            <span class="muted"> · {tf('passportHandled', { name: e.acknowledgedBy })}</span>
                          )}
                          {e.ackComment && <span class="muted"> “{e.ackComment}”</span>}
                          {e.observations.map((text) => (
                            <div class="muted">
                              {t('passportAdviser')} “{text}”
                            </div>
                          ))}
                        </li>
                      ))}
                    </ul>
                  )}
                </details>
              ))}
            </>
          )}
          <h4>{t('passportLink')}</h4>
          {passport.token ? (
            <p>
              <a
                href={`/api/passports/${passport.token}`}
                target="_blank"
                rel="noopener"
                data-testid="passport-link"
              >
                {t('passportOpenLink')}
              </a>{' '}
              <span class="muted">{t('passportLanOnly')}</span>
            </p>
          ) : (
            <p class="muted" data-testid="passport-no-link">
              {t(manager ? 'passportNoLink' : 'passportNoLinkYet')}
            </p>
          )}
          {manager && (
            <div class="actions">
              <button
                type="button"
                data-testid="passport-renew"
                onClick={() => linkAction('POST /api/batches/:id/passport/link')}
              >
                {t('passportRenew')}
              </button>
              {passport.token && (
                <button
                  type="button"
                  class="link"
                  data-testid="passport-revoke"
                  onClick={() => linkAction('DELETE /api/batches/:id/passport/link')}
                >
                  {t('passportRevoke')}
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
