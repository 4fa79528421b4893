import { useState } from 'preact/hooks';
import type { RobotTestResponse, WebhookFormat } from '#contracts';
import { request } from '../../api.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';

const label = (prefix: string, value: string) => t(`${prefix}_${value}` as MessageKey);

/** Who a robot reaches: the roster entries that name it (only their names and phones are read). */
interface RobotPerson {
  name: string;
  phone: string;
}

/** One group robot of the roster: where it posts, who relies on it, and a test message to it. */
export function RobotCard({
  url,
  format,
  secret,
  people,
}: {
  url: string;
  format: WebhookFormat;
  secret: string;
  people: RobotPerson[];
}) {
  const [answer, setAnswer] = useState<RobotTestResponse | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const test = () => {
    setBusy(true);
    setError('');
    setAnswer(null);
    const phone = people.find((p) => p.phone)?.phone;
    request('POST /api/alarms/robots/test', {
      body: {
        webhookUrl: url,
        webhookFormat: format,
        ...(format === 'dingtalk' && secret ? { webhookSecret: secret } : {}),
        ...(phone ? { phone } : {}),
      },
    })
      .then(setAnswer)
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  return (
    <article class="card ms-card" data-testid="robot">
      <header>
        <b>{label('msFormat', format)}</b>
        <span class="ms-badge data">{people.map((p) => p.name).join(', ')}</span>
      </header>
      {format === 'dingtalk' && (
        <p class="muted" data-testid="robot-signed">
          {secret ? t('msRobotSigned') : t('msRobotUnsigned')}
        </p>
      )}
      <p class="ms-url">{url}</p>
      <div class="ms-buttons">
        <button class="primary" data-testid="robot-test" disabled={busy} onClick={test}>
          {busy ? t('msSending') : t('msSendTest')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div class={`ms-answer ${answer.ok ? 'ok' : 'bad'}`} data-testid="robot-answer" role="status">
          <b>{answer.ok ? t('msRobotOk') : t('msRobotBad')}</b>
          <span>{answer.status === null ? t('msRobotUnreachable') : `HTTP ${answer.status}`}</span>
          <code class="data">{answer.answer}</code>
        </div>
      )}
    </article>
  );
}
