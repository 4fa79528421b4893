import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startModemSimulator, waitFor, type RunningModemSimulator } from '#testing';
import { AtModem, ModemCommandError, type ReceivedSms } from './at-modem.js';

describe('AtModem against the test modem on a pseudo-terminal', () => {
  let modem: RunningModemSimulator;
  let at: AtModem;
  const received: ReceivedSms[] = [];

  beforeAll(async () => {
    modem = await startModemSimulator({ csq: 18 });
    at = await AtModem.open(modem.tty, 115_200);
    at.onSms((sms) => received.push(sms));
  });

  afterAll(async () => {
    await at?.close();
    await modem?.stop();
  });

  it('sets echo off and PDU mode before anything is sent', () => {
    const commands = modem.log().flatMap((entry) => (entry.type === 'command' ? [entry.line] : []));
    expect(commands.slice(0, 3)).toEqual(['ATE0', 'AT+CMGF=0', 'AT+CNMI=2,1,0,0,0']);
  });

  it('sends a Chinese alarm as UCS-2, a long one in concatenated parts', async () => {
    const short = '【育苗报警】严重：1号棚 气温 2.1 °C';
    const long =
      `${short}，低于下限 5 °C。批次 T-2026-001（番茄 炼苗），请立即检查加温机。回复“4821 确认”表示已收到。`.repeat(
        2,
      );
    await at.sendSms('13800000002', short);
    await at.sendSms('+8613800000003', long);
    expect(modem.texts()).toEqual([
      { to: '13800000002', text: short },
      { to: '+8613800000003', text: long },
    ]);
    expect(modem.log().filter((entry) => entry.type === 'violation')).toEqual([]);
  });

  it('rings a phone and hangs up', async () => {
    await at.ring('13800000002', 50);
    const calls = () => modem.log().filter((entry) => entry.type === 'dial' || entry.type === 'hangup');
    // ring() resolves once the call is placed; the hang-up follows after the ring time.
    expect(calls()).toEqual([{ type: 'dial', number: '13800000002' }]);
    await waitFor(() => calls().length === 2, { what: 'the hang-up' });
    expect(calls()).toEqual([{ type: 'dial', number: '13800000002' }, { type: 'hangup' }]);
  });

  it('reports signal and SIM', async () => {
    expect(await at.status()).toEqual({ signal: 18, simReady: true });
  });

  it('reads an SMS that arrives, and deletes it from the SIM', async () => {
    modem.deliver('13800000002', '4821 确认');
    await waitFor(() => received.length === 1, { what: 'the reply', timeoutMs: 5_000 });
    expect(received).toEqual([{ from: '13800000002', text: '4821 确认' }]);
    expect(modem.log().some((entry) => entry.type === 'command' && entry.line === 'AT+CMGD=1')).toBe(true);
  });

  it('turns an error answer into a rejection naming the command', async () => {
    await expect(at.command('AT+BOGUS')).rejects.toThrow(ModemCommandError);
  });
});

describe('AtModem with a SIM that cannot send SMS', () => {
  it('rejects the send with the modem error', async () => {
    const modem = await startModemSimulator({ mode: 'fail-send' });
    const at = await AtModem.open(modem.tty, 115_200);
    try {
      await expect(at.sendSms('13800000002', '测试')).rejects.toThrow('+CMS ERROR: 500');
    } finally {
      await at.close();
      await modem.stop();
    }
  });
});
