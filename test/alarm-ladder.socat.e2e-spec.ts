import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { startModemSimulator, waitFor, type RunningModemSimulator } from '#testing';
import type { Alarm } from '../apps/api/src/alarms/alarm.entity.js';
import { DevicesService } from '../apps/api/src/devices/devices.service.js';
import { SmsGateway } from '../apps/api/src/modem/sms-gateway.service.js';
import { TEST_ADMIN, startTestApi, type TestApi } from './support/api-harness.js';
import { alarmNight, type AlarmNight } from './support/alarm-night.js';
import { lanOrigin, logInOnPage, openLanBrowser } from './support/lan-browser.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 02:00 in Shanxi on a January night: the heater fails while everyone sleeps. */
const NIGHT = Date.UTC(2026, 0, 14, 18, 0);
const TECHNICIAN_PHONE = '13800000002';

jest.setTimeout(180_000);

/**
 * The alarm ladder with the internet down: the group robot unreachable, the nursery's modem (the
 * test modem on a pseudo-terminal, spoken to over real AT commands) carries SMS and calls, and
 * the technician acknowledges by replying to the SMS.
 */
describe('alarm ladder: SMS, calls and replies through the modem when the robot is unreachable', () => {
  let api: TestApi;
  let modem: RunningModemSimulator;
  let receiver: WebhookReceiver;
  let token: string;
  let now = NIGHT;
  let siren: MqttClient;
  /** The siren commands the office siren received, as sent. */
  const sirenCommands: { on: boolean; seconds?: number }[] = [];

  const clock = { now: () => now, move: (ms: number) => void (now += ms) };
  let night: AlarmNight;
  const advance = (ms: number): Promise<void> => night.advance(ms);
  const telemetry: AlarmNight['telemetry'] = (zone, device, values) => night.telemetry(zone, device, values);

  async function openAlarms(query: string): Promise<Alarm[]> {
    return (await api.request<Alarm[]>('GET', `/api/alarms?${query}`, { token })).body;
  }

  const smsTo = (phone: string): string[] =>
    modem
      .texts()
      .filter((sms) => sms.to === phone)
      .map((sms) => sms.text);

  beforeAll(async () => {
    modem = await startModemSimulator();
    receiver = await startWebhookReceiver();
    receiver.failing.add('/robot');
    api = await startTestApi({ clock: { now: () => now, speed: 1 }, env: { SMS_MODEM: modem.tty } });
    token = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const sql = new pg.Client(api.database.url);
    await sql.connect();
    try {
      await sql.query(
        `INSERT INTO zones (site, code, kind, name, has_heating, has_boom_irrigation, has_bench_heat)
         VALUES ('xnz', 'gh1', 'greenhouse', '1号棚', true, true, true) ON CONFLICT DO NOTHING`,
      );
      await sql.query(
        `INSERT INTO devices (site, zone_id, zone_code, device, kind, metrics, interval_s, enabled, username, password_hash, presence)
         SELECT 'xnz', id, code, 'siren-1', 'siren', '[]', 60, true, 'xnz-gh1-siren-1', 'x', 'unknown' FROM zones WHERE code = 'gh1'`,
      );
    } finally {
      await sql.end();
    }
    await api.app.get(DevicesService).reloadDirectory();
    // The siren: a relay that acknowledges what it is told and reports nothing else.
    siren = await mqtt.connectAsync(api.broker.url, { protocolVersion: 4, clientId: 'fake-gh1-siren-1' });
    siren.on('message', (_topic, payload) => {
      const command = JSON.parse(payload.toString()) as {
        id: string;
        params: { on: boolean; seconds?: number };
      };
      sirenCommands.push(command.params);
      void siren.publishAsync(
        'nursery/v1/xnz/gh1/siren-1/ack',
        JSON.stringify({ id: command.id, ts: now, result: 'ok' }),
        { qos: 1 },
      );
    });
    await siren.subscribeAsync('nursery/v1/xnz/gh1/siren-1/cmd/#', { qos: 1 });
    night = alarmNight(api.app, clock);
    const roster = await api.request('PUT', '/api/alarms/roster', {
      token,
      body: {
        entries: [
          {
            name: '赵技术员',
            shift: 'always',
            phone: TECHNICIAN_PHONE,
            webhookUrl: `${receiver.url}/robot`,
            webhookFormat: 'wecom',
            minSeverity: 'warning',
          },
        ],
      },
    });
    expect(roster.status).toBe(200);
    await waitFor(
      async () => (await api.request<{ open: boolean }>('GET', '/api/modem', { token })).body.open,
      {
        what: 'the api to open the modem',
        timeoutMs: 15_000,
      },
    );
  });

  afterAll(async () => {
    await siren?.endAsync();
    await api?.close();
    await modem?.stop();
    await receiver?.close();
  });

  it('sends a critical night alarm by SMS and rings the phone within 60 s, whatever the robot answers', async () => {
    const started = Date.now();
    for (let minute = 0; minute < 4; minute++) {
      telemetry('gh1', 'env-1', { air_temp_c: 0.4, air_rh_pct: 85 });
      await advance(MINUTE);
    }
    const [frost] = await openAlarms('zone=gh1&rule=frost&state=active');
    expect(frost).toBeDefined();
    const texts = await waitFor(() => (smsTo(TECHNICIAN_PHONE).length > 0 ? smsTo(TECHNICIAN_PHONE) : null), {
      what: 'the SMS at the modem',
      timeoutMs: 60_000,
    });
    await waitFor(
      () => modem.log().some((entry) => entry.type === 'dial' && entry.number === TECHNICIAN_PHONE),
      { what: 'the call', timeoutMs: 60_000 },
    );
    await waitFor(() => sirenCommands.some((command) => command.on), { what: 'the siren to sound' });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(sirenCommands[0]).toEqual({ on: true, seconds: 180 });
    expect(texts[0]).toContain('【育苗报警】');
    expect(texts[0]).toMatch(/回复“\d{4} 确认”/);
    // The robot was tried (and failed) too: the SMS did not wait for it.
    expect(receiver.received.some((hook) => hook.path === '/robot')).toBe(true);
  });

  it('acknowledges by SMS reply from a roster phone only', async () => {
    const [frost] = await openAlarms('zone=gh1&rule=frost&state=active');
    const code = /回复“(\d{4}) 确认”/.exec(smsTo(TECHNICIAN_PHONE)[0] ?? '')?.[1];
    expect(code).toBeDefined();

    modem.deliver('13900000009', `${code} 确认`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await openAlarms('zone=gh1&rule=frost&state=active')).map((a) => a.id)).toEqual([frost?.id]);
    expect(smsTo('13900000009')).toEqual([]);

    modem.deliver(`+86${TECHNICIAN_PHONE}`, `${code}确认`);
    const acknowledged = await waitFor(
      async () => (await openAlarms('zone=gh1&rule=frost&state=acknowledged'))[0],
      { what: 'the alarm acknowledged by SMS', timeoutMs: 10_000 },
    );
    expect(acknowledged).toMatchObject({ id: frost?.id, acknowledgedBy: '赵技术员' });
    // And the dashboard says so, on a phone on the office LAN.
    const browser = await openLanBrowser('ladder');
    try {
      const page = await browser.context.newPage();
      await logInOnPage(page, lanOrigin(api.url), TEST_ADMIN, '/manager');
      await page.goto(`${lanOrigin(api.url)}/technician`);
      const card = page.getByTestId(`alarm-${frost.id}`);
      await waitFor(async () => (await card.getAttribute('data-state')) === 'acknowledged', {
        what: 'the alarm shown acknowledged on the dashboard',
        timeoutMs: 20_000,
      });
      await expect(card.getByTestId('ack-by').textContent()).resolves.toBe('赵技术员');
    } finally {
      await browser.close();
    }
    await waitFor(
      () => smsTo(`+86${TECHNICIAN_PHONE}`).some((text) => text.startsWith('已确认（赵技术员）')),
      {
        what: 'the confirmation reply',
      },
    );
    // Nothing critical is left unacknowledged: the siren stops.
    await waitFor(() => sirenCommands.at(-1)?.on === false, { what: 'the siren to stop' });
  });

  it('sends a power failure (mains lost) by SMS', async () => {
    const before = smsTo(TECHNICIAN_PHONE).length;
    for (let minute = 0; minute < 3; minute++) {
      telemetry('gh1', 'gw-1', { mains_ok: false });
      await advance(MINUTE);
    }
    expect(await openAlarms('rule=power-failure&state=active')).toHaveLength(1);
    const texts = await waitFor(
      () => (smsTo(TECHNICIAN_PHONE).length > before ? smsTo(TECHNICIAN_PHONE).slice(before) : null),
      { what: 'the power-failure SMS', timeoutMs: 30_000 },
    );
    expect(texts.some((text) => text.includes('停电'))).toBe(true);
  });

  it('after two hours without the robot, delivers one digest when it is back', async () => {
    const robotCalls = (): number => receiver.received.filter((hook) => hook.path === '/robot').length;
    await advance(2 * HOUR);
    receiver.failing.delete('/robot');
    const before = receiver.received.length;
    await advance(MINUTE);
    await waitFor(() => receiver.received.length > before, { what: 'the robot to hear something' });
    await advance(MINUTE);
    const arrived = receiver.received.slice(before).filter((hook) => hook.path === '/robot');
    const contents = arrived.map((hook) => (hook.body.text as { content: string }).content);
    const digests = contents.filter((content) => content.startsWith('链路中断期间'));
    expect(digests).toHaveLength(1);
    expect(digests[0]).toContain('冻害');
    const settled = robotCalls();
    await advance(10 * MINUTE);
    // Nothing that waited is sent twice: only new re-notifications may follow.
    expect(
      receiver.received
        .slice(before)
        .filter((hook) => (hook.body.text as { content: string }).content.startsWith('链路中断期间')),
    ).toHaveLength(1);
    expect(robotCalls()).toBeGreaterThanOrEqual(settled);
  });

  it('sends a delivery that fell due while the api was stopped, once', async () => {
    const sql = new pg.Client(api.database.url);
    await sql.connect();
    try {
      await sql.query(
        `INSERT INTO alarm_notifications (alarm_id, reason, recipient, channel, url, format, body, status,
                                          attempts, created_at, next_attempt_at)
         VALUES (NULL, 'morning', '赵技术员', 'sms', $1, 'json', $2, 'pending', 0, $3, $3)`,
        [`tel:${TECHNICIAN_PHONE}`, JSON.stringify({ text: '停机期间到期的通知' }), new Date(now - HOUR)],
      );
    } finally {
      await sql.end();
    }
    await advance(MINUTE);
    await advance(MINUTE);
    await waitFor(() => smsTo(TECHNICIAN_PHONE).includes('停机期间到期的通知'), { what: 'the overdue SMS' });
    await advance(MINUTE);
    expect(smsTo(TECHNICIAN_PHONE).filter((text) => text === '停机期间到期的通知')).toHaveLength(1);
  });

  it('sends the 07:00 morning message once', async () => {
    // To 06:58 the next morning, then past 07:00.
    const sevenLocal = Date.UTC(2026, 0, 15, 23, 0);
    now = sevenLocal - 2 * MINUTE;
    await advance(MINUTE);
    expect(receiver.received.some((hook) => JSON.stringify(hook.body).includes('【育苗早报】'))).toBe(false);
    await advance(2 * MINUTE);
    await advance(MINUTE);
    const morning = await waitFor(
      () => {
        const found = receiver.received.filter((hook) => JSON.stringify(hook.body).includes('【育苗早报】'));
        return found.length > 0 ? found : null;
      },
      { what: 'the morning robot message' },
    );
    expect((morning[0]?.body.text as { content: string }).content).toMatch(/夜间报警 \d+ 条|一切正常/);
    await waitFor(() => smsTo(TECHNICIAN_PHONE).some((text) => text.startsWith('【育苗早报】')), {
      what: 'the morning SMS',
    });
    await advance(10 * MINUTE);
    expect(
      receiver.received.filter((hook) => JSON.stringify(hook.body).includes('【育苗早报】')),
    ).toHaveLength(1);
  });

  it('records the modem going away as a system event and shows it on the status', async () => {
    await modem.stop();
    const gateway = api.app.get(SmsGateway);
    // The gateway re-checks once a minute; the test asks at once.
    await waitFor(async () => (await gateway.check()).lastError !== null, {
      what: 'the modem to be missed',
      timeoutMs: 30_000,
    });
    const status = await api.request<{ open: boolean; lastError: string | null }>('GET', '/api/modem', {
      token,
    });
    expect(status.body).toMatchObject({ open: false, lastError: expect.any(String) });
    const sql = new pg.Client(api.database.url);
    await sql.connect();
    try {
      const rows = await sql.query<{ kind: string; ended_at: Date | null }>(
        "SELECT kind, ended_at FROM system_events WHERE kind = 'modem-down'",
      );
      expect(rows.rows).toEqual([{ kind: 'modem-down', ended_at: null }]);
    } finally {
      await sql.end();
    }
  });
});
