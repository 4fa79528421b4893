import { useEffect, useState } from 'preact/hooks';
import type { DiskUseResponse, SiteStatusResponse, StatusAdvice } from '#contracts';
import { downloadAuthenticated, request } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import './system-status.css';

/** The card re-reads itself this often while open (a database restart is over within a minute). */
const REFRESH_MS = 30_000;

/** The 系统状态 card's data: loaded on open, every {@link REFRESH_MS} and on demand. */
export function useSiteStatus(): { status: SiteStatusResponse | null; error: string; reload: () => void } {
  const [status, setStatus] = useState<SiteStatusResponse | null>(null);
  const [error, setError] = useState('');
  const [round, setRound] = useState(0);
  useEffect(() => {
    let gone = false;
    request('GET /api/system/status')
      .then((next) => {
        if (gone) return;
        setStatus(next);
        setError('');
      })
      .catch((e: unknown) => !gone && setError(errorMessage(e)));
    const timer = setTimeout(() => setRound((n) => n + 1), REFRESH_MS);
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [round]);
  return { status, error, reload: () => setRound((n) => n + 1) };
}

const OVERALL: Record<SiteStatusResponse['overall'], MessageKey> = {
  ok: 'ssOverallOk',
  warning: 'ssOverallWarning',
  critical: 'ssOverallCritical',
};

/** On every manager tab while something needs doing: one line that opens the card. */
export function SystemStatusBanner({
  status,
  onOpen,
}: {
  status: SiteStatusResponse | null;
  onOpen: () => void;
}) {
  if (status === null || status.overall === 'ok') return null;
  return (
    <button
      type="button"
      class={`status-banner ${status.overall}`}
      data-testid="system-status-banner"
      onClick={onOpen}
    >
      {t('ssBanner').replace('{level}', t(OVERALL[status.overall]))}
    </button>
  );
}

function adviceText(code: StatusAdvice, status: SiteStatusResponse): string {
  const engineer =
    status.engineerPhone === null ? '' : t('ssEngineer').replace('{phone}', status.engineerPhone);
  return t(`ssAdvice_${code}`).replace('{engineer}', engineer).replace('{time}', status.backup.time);
}

/** "1.2 GB", "350 MB": disk and backup sizes for people who know phones, not servers. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

function diskText(disk: DiskUseResponse): string {
  if (disk.totalBytes === null || disk.freeBytes === null || disk.totalBytes === 0)
    return t('ssDiskUnreadable');
  const used = Math.round(((disk.totalBytes - disk.freeBytes) / disk.totalBytes) * 100);
  return t('ssDiskUse').replace('{used}', String(used)).replace('{free}', formatBytes(disk.freeBytes));
}

function BackupNow({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const run = () => {
    setBusy(true);
    setResult(null);
    request('POST /api/backups')
      .then((taken) =>
        setResult({
          ok: true,
          text: t('ssBackupDone')
            .replace('{size}', formatBytes(taken.bytes))
            .replace('{seconds}', String(Math.round(taken.seconds))),
        }),
      )
      .catch((e: unknown) => setResult({ ok: false, text: errorMessage(e) }))
      .finally(() => {
        setBusy(false);
        onDone();
      });
  };
  return (
    <>
      <button type="button" class="primary" disabled={busy} onClick={run} data-testid="backup-now">
        {busy ? t('ssBackingUp') : t('ssBackupNow')}
      </button>
      {result && (
        <p class={result.ok ? 'ok' : 'error'} role="status" data-testid="backup-now-result">
          {result.text}
        </p>
      )}
    </>
  );
}

function Facts({ status }: { status: SiteStatusResponse }) {
  const { backup, database, lastUncleanStop } = status;
  const restore = backup.restoreCheck;
  const rows: [string, string, string][] = [
    [
      'last-backup',
      t('ssLastBackup'),
      backup.last === null
        ? t('ssNoBackup')
        : `${formatDateTime(backup.last.at)} · ${formatBytes(backup.last.bytes)} · ${backup.last.archive}`,
    ],
    ...(backup.failure === null
      ? []
      : [
          [
            'backup-failure',
            t('ssBackupFailed'),
            `${formatDateTime(backup.failure.at)} · ${backup.failure.reason}`,
          ] as [string, string, string],
        ]),
    [
      'restore-check',
      t('ssRestoreCheck'),
      restore === null
        ? t('ssNotYet')
        : `${formatDateTime(restore.at)} · ${t(
            restore.result === 'ok'
              ? 'ssRestoreOk'
              : restore.result === 'failed'
                ? 'ssRestoreFailed'
                : 'ssRestoreSkipped',
          )}${restore.result === 'ok' ? '' : ` (${restore.detail})`}`,
    ],
    ...status.disks.map(
      (disk) =>
        [
          `disk-${disk.place}`,
          `${t('ssDisk')} · ${t(`ssPlace_${disk.place}`)}`,
          `${diskText(disk)} · ${disk.path}`,
        ] as [string, string, string],
    ),
    [
      'database',
      t('ssDatabase'),
      t('ssDbLine')
        .replace('{state}', t(`ssDb_${database.state}`))
        .replace('{kind}', t(database.embedded ? 'ssDbEmbedded' : 'ssDbExternal')),
    ],
    [
      'unclean-stop',
      t('ssUncleanStop'),
      lastUncleanStop === null
        ? t('ssNone')
        : t('ssUncleanStopAt')
            .replace('{from}', formatDateTime(lastUncleanStop.downFrom))
            .replace('{to}', formatDateTime(lastUncleanStop.backAt)),
    ],
    ['engineer', t('ssEngineerPhone'), status.engineerPhone ?? t('ssNotSet')],
  ];
  return (
    <dl class="status-facts">
      {rows.map(([id, label, value]) => (
        <>
          <dt>{label}</dt>
          <dd data-testid={`status-${id}`}>{value}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * 系统状态, for a manager who is not an engineer: what to do first, in plain words, then the facts
 * behind it (backups, disks, database, power cuts), a backup now and the diagnostics zip.
 */
export function SystemStatusCard({
  status,
  error,
  reload,
}: {
  status: SiteStatusResponse | null;
  error: string;
  reload: () => void;
}) {
  const [downloadError, setDownloadError] = useState('');
  if (status === null) return error ? <p class="error">{error}</p> : <p class="muted">{t('loading')}</p>;
  const download = () => {
    setDownloadError('');
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    downloadAuthenticated(`yumiao-diagnostics-${stamp}.zip`, 'GET /api/system/diagnostics').catch(
      (e: unknown) => setDownloadError(errorMessage(e)),
    );
  };
  return (
    <section
      class={`panel system-status ${status.overall}`}
      data-testid="system-status"
      data-overall={status.overall}
    >
      <header>
        <h2>{t('systemStatus')}</h2>
        <span class={`status-level ${status.overall}`}>{t(OVERALL[status.overall])}</span>
      </header>
      {error && <p class="error">{error}</p>}
      {status.advice.length === 0 ? (
        <p data-testid="status-all-well">{t('ssAllWell')}</p>
      ) : (
        <>
          <h3>{t('ssWhatToDo')}</h3>
          <ol class="status-advice" data-testid="status-advice">
            {status.advice.map((code) => (
              <li data-advice={code}>{adviceText(code, status)}</li>
            ))}
          </ol>
        </>
      )}
      <Facts status={status} />
      <div class="status-actions">
        <BackupNow onDone={reload} />
        <button type="button" onClick={download} data-testid="download-diagnostics">
          {t('ssDownloadDiagnostics')}
        </button>
        <button type="button" onClick={reload}>
          {t('ssRefresh')}
        </button>
      </div>
      {downloadError && <p class="error">{downloadError}</p>}
      <p class="note">{t('ssDiagnosticsNote')}</p>
      <p class="note">{t('ssPower')}</p>
      <p class="note">{t('ssCheckedAt').replace('{time}', formatDateTime(status.checkedAt))}</p>
    </section>
  );
}
