/**
 * A 4G modem's AT interface, small enough to trust, for tests: run it under `socat` on a
 * pseudo-terminal (`socat pty,raw,echo=0,link=TTY EXEC:"node modem-simulator.js"`)
 * and the api's modem driver talks to it exactly as to a Quectel EC20 on /dev/ttyUSB2.
 *
 * It answers on stdout what it reads on stdin, and checks the sequence a real modem needs
 * (echo off and PDU mode before a send; the PDU's length matching `AT+CMGS=<n>`; a hang-up after a
 * dial). Everything it saw goes as JSON lines to `MODEM_SIM_LOG`: `{type:'sms', to, text, concat}`
 * with the PDU decoded, `{type:'dial', number}`, `{type:'hangup'}`, `{type:'violation', detail}`.
 * A test delivers an incoming SMS by writing a JSON file `{from, text}` into the `--inbox` folder:
 * the simulator stores it and announces it with `+CMTI: "SM",<index>`, as a modem does.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeSubmit, encodeDeliver } from '#contracts';

type LogEntry =
  | { type: 'sms'; to: string; text: string; concat: unknown }
  | { type: 'dial'; number: string }
  | { type: 'hangup' }
  | { type: 'command'; line: string }
  | { type: 'violation'; detail: string };

const { values: options } = parseArgs({
  options: {
    log: { type: 'string' },
    inbox: { type: 'string' },
    csq: { type: 'string', default: '21' },
    /** `fail-send`: every AT+CMGS answers +CMS ERROR, as a data-only IoT SIM does. */
    mode: { type: 'string', default: 'ok' },
  },
});
const logFile = options.log;
const inbox = options.inbox;
const signal = Number(options.csq);
const mode = options.mode;

function log(entry: LogEntry): void {
  if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
}

function reply(text: string): void {
  process.stdout.write(text);
}

const state = {
  echo: true,
  pduMode: false,
  pendingSendLength: null as number | null,
  dialling: null as string | null,
  messageReference: 0,
  stored: new Map<number, string>(),
  nextIndex: 1,
};

function handleCommand(line: string): void {
  log({ type: 'command', line });
  if (state.echo) reply(`${line}\r`);
  const upper = line.toUpperCase();
  const ok = (): void => reply('\r\nOK\r\n');
  if (upper === 'AT') return ok();
  if (upper === 'ATE0') {
    state.echo = false;
    return ok();
  }
  if (upper === 'AT+CMGF=0') {
    state.pduMode = true;
    return ok();
  }
  if (upper === 'AT+CMGF=1') {
    state.pduMode = false;
    return ok();
  }
  if (upper === 'AT+CPIN?') return reply('\r\n+CPIN: READY\r\n\r\nOK\r\n');
  if (upper === 'AT+CSQ') return reply(`\r\n+CSQ: ${signal},99\r\n\r\nOK\r\n`);
  if (upper === 'AT+CREG?') return reply('\r\n+CREG: 0,1\r\n\r\nOK\r\n');
  if (upper.startsWith('AT+CNMI=')) return ok();
  const send = /^AT\+CMGS=(\d+)$/.exec(upper);
  if (send) {
    if (state.echo || !state.pduMode) {
      log({ type: 'violation', detail: `AT+CMGS before ${state.echo ? 'ATE0' : 'AT+CMGF=0'}` });
      return reply('\r\nERROR\r\n');
    }
    state.pendingSendLength = Number(send[1]);
    return reply('\r\n> ');
  }
  const dial = /^ATD([+0-9]+);$/.exec(upper);
  if (dial?.[1]) {
    if (state.dialling) log({ type: 'violation', detail: `ATD while a call to ${state.dialling} is up` });
    state.dialling = dial[1];
    log({ type: 'dial', number: dial[1] });
    return ok();
  }
  if (upper === 'ATH' || upper === 'AT+CHUP') {
    state.dialling = null;
    log({ type: 'hangup' });
    return ok();
  }
  const read = /^AT\+CMGR=(\d+)$/.exec(upper);
  if (read) {
    const pdu = state.stored.get(Number(read[1]));
    if (!pdu) return reply('\r\n+CMS ERROR: 321\r\n');
    return reply(`\r\n+CMGR: 0,,${(pdu.length - 2) / 2}\r\n${pdu}\r\n\r\nOK\r\n`);
  }
  const remove = /^AT\+CMGD=(\d+)/.exec(upper);
  if (remove) {
    state.stored.delete(Number(remove[1]));
    return ok();
  }
  log({ type: 'violation', detail: `unknown command ${line}` });
  reply('\r\nERROR\r\n');
}

function handlePdu(hexText: string): void {
  const expected = state.pendingSendLength;
  state.pendingSendLength = null;
  const hex = hexText.trim();
  try {
    const smscOctets = parseInt(hex.slice(0, 2), 16);
    const tpduLength = hex.length / 2 - 1 - smscOctets;
    if (tpduLength !== expected) {
      log({ type: 'violation', detail: `AT+CMGS=${expected} but the PDU has ${tpduLength} octets` });
      return reply('\r\n+CMS ERROR: 304\r\n');
    }
    const decoded = decodeSubmit(hex);
    if (mode === 'fail-send') return reply('\r\n+CMS ERROR: 500\r\n');
    log({ type: 'sms', to: decoded.to, text: decoded.text, concat: decoded.concat });
    state.messageReference = (state.messageReference + 1) % 256;
    reply(`\r\n+CMGS: ${state.messageReference}\r\n\r\nOK\r\n`);
  } catch (error) {
    log({ type: 'violation', detail: `bad PDU: ${(error as Error).message}` });
    reply('\r\n+CMS ERROR: 304\r\n');
  }
}

let buffer = '';
process.stdin.setEncoding('latin1');
process.stdin.on('data', (chunk: string) => {
  buffer += chunk;
  for (;;) {
    if (state.pendingSendLength !== null) {
      const end = buffer.indexOf('\u001a');
      if (end < 0) return;
      const pdu = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      handlePdu(pdu);
      continue;
    }
    const end = buffer.search(/[\r\n]/);
    if (end < 0) return;
    const line = buffer.slice(0, end).trim();
    buffer = buffer.slice(end + 1);
    if (line.length > 0) handleCommand(line);
  }
});
process.stdin.on('end', () => process.exit(0));
// socat ends its child with a signal when the test stops it: leave quietly.
for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(signal, () => process.exit(0));

if (inbox) {
  mkdirSync(inbox, { recursive: true });
  setInterval(() => {
    for (const name of readdirSync(inbox)
      .filter((file) => file.endsWith('.json'))
      .sort()) {
      const file = path.join(inbox, name);
      const message = JSON.parse(readFileSync(file, 'utf8')) as { from: string; text: string };
      rmSync(file);
      const index = state.nextIndex;
      state.nextIndex += 1;
      state.stored.set(index, encodeDeliver(message.from, message.text));
      reply(`\r\n+CMTI: "SM",${index}\r\n`);
    }
  }, 100);
}
