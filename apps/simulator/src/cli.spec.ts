import { describe, expect, it } from '@jest/globals';
import { parseCli } from './cli.js';
import { parseScaleSpec, parseDeviceList, scaleDevices } from './device-list.js';
import { parseFaultFlag, parseScenario } from './faults.js';
import { normaliseBench } from './device-commands.js';
import { malformedMessage } from './malformed-messages.js';
import { MALFORMED_KINDS } from './faults.js';
import { parseDevicePayload, parseTopic } from '#contracts';

const NOW = Date.parse('2026-11-29T00:00:00Z');

describe('command line', () => {
  it('reads the demo invocation in real time', () => {
    const cli = parseCli(['--broker', 'mqtt://127.0.0.1:1883', '--devices', 'devices.json'], NOW);
    expect(cli).toMatchObject({
      broker: 'mqtt://127.0.0.1:1883',
      devicesFile: 'devices.json',
      seed: 1,
      time: undefined,
      faults: [],
      localIrrigation: false,
    });
  });

  it('turns the boom timer on with --local-irrigation', () => {
    const cli = parseCli(['--broker', 'mqtt://b:1883', '--devices', 'f', '--local-irrigation'], NOW);
    expect(cli.localIrrigation).toBe(true);
  });

  it.each([
    {
      args: ['--start', '2027-01-15T12:00:00Z', '--speed', '600'],
      time: { start: Date.parse('2027-01-15T12:00:00Z'), anchor: NOW, speed: 600 },
    },
    {
      args: ['--start', '2027-01-15T12:00:00Z', '--anchor', '1700000000000', '--speed', '60'],
      time: { start: Date.parse('2027-01-15T12:00:00Z'), anchor: 1700000000000, speed: 60 },
    },
    { args: ['--speed', '60'], time: { start: NOW, anchor: NOW, speed: 60 } },
  ])('simulated time from $args', ({ args, time }) => {
    expect(parseCli(['--broker', 'mqtt://b:1883', '--devices', 'f', ...args], NOW).time).toEqual(time);
  });

  it.each([
    { args: [], problem: '--broker' },
    { args: ['--broker', 'mqtt://b:1883'], problem: '--devices' },
    { args: ['--broker', 'mqtt://b:1883', '--devices', 'f', '--speed', '0'], problem: '--speed' },
    {
      args: ['--broker', 'mqtt://b:1883', '--devices', 'f', '--control-port', 'x'],
      problem: '--control-port',
    },
    { args: ['--broker', 'mqtt://b:1883', '--devices', 'f', '--start', 'yesterday'], problem: '--start' },
  ])('refuses $args', ({ args, problem }) => {
    expect(() => parseCli(args, NOW)).toThrow(problem);
  });

  it('takes faults in both forms and the scale mode', () => {
    const cli = parseCli(
      [
        '--broker',
        'mqtt://b:1883',
        '--scale',
        'sites=2,houses=5,devices=100,rate=1000',
        '--fault',
        'disconnect:zone=gh1,device=env-1,at=600,durationS=300',
        '--fault',
        '{"type":"heater-failure","zone":"gh2"}',
      ],
      NOW,
    );
    expect(cli.scale).toEqual({ sites: 2, houses: 5, devices: 100, rate: 1000 });
    expect(cli.faults).toEqual([
      { at: 600, fault: { type: 'disconnect', zone: 'gh1', device: 'env-1', durationS: 300 } },
      { at: undefined, fault: { type: 'heater-failure', zone: 'gh2' } },
    ]);
  });
});

describe('faults and scenarios', () => {
  it.each([
    { text: 'melt:zone=gh1', error: 'unknown fault type' },
    { text: 'drift:ratePerHour=fast', error: 'ratePerHour' },
    { text: 'malformed:kinds=invalid-json+poetry', error: 'kinds' },
    { text: 'stuck:colour=red', error: 'unknown fault field' },
  ])('refuses $text', ({ text, error }) => {
    expect(() => parseFaultFlag(text)).toThrow(error);
  });

  it('reads a YAML scenario', () => {
    const events = parseScenario(
      [
        'events:',
        '  - at: 0',
        '    weather: { airTempC: -15, globalWm2: 0 }',
        '  - at: 3600',
        '    inject: { type: heater-failure, zone: gh1, id: hf }',
        '  - at: 7200',
        '    clear: hf',
      ].join('\n'),
      'night.yaml',
    );
    expect(events).toEqual([
      { at: 0, action: { kind: 'weather', site: '*', override: { airTempC: -15, globalWm2: 0 } } },
      { at: 3600, action: { kind: 'inject', fault: { type: 'heater-failure', zone: 'gh1', id: 'hf' } } },
      { at: 7200, action: { kind: 'clear', id: 'hf' } },
    ]);
  });

  it('reads a JSON scenario as a plain list', () => {
    expect(
      parseScenario('[{"at": 10, "inject": {"type": "power-cut", "site": "xnz"}}]', 's.json'),
    ).toHaveLength(1);
    expect(() => parseScenario('[{"at": -1, "clear": "x"}]', 's.json')).toThrow('at must be');
  });
});

describe('malformed payloads', () => {
  const prefix = 'nursery/v1/xnz/gh1/env-1';
  it.each(MALFORMED_KINDS.map((kind) => ({ kind })))('$kind is refused by the contract', ({ kind }) => {
    const [topic, payload] = malformedMessage(kind, prefix, NOW);
    const parsedTopic = parseTopic(topic);
    if (kind === 'bad-topic') {
      expect(parsedTopic).toBeUndefined();
      return;
    }
    const parsed = parseDevicePayload('tele', payload);
    if (parsed.ok) {
      // Schema-valid but the metric registry refuses the values (wrong type, range or key).
      expect(['wrong-types', 'out-of-range', 'unknown-metric']).toContain(kind);
    } else {
      expect(['invalid-json', 'nan-text', 'too-large', 'array-too-long']).toContain(kind);
    }
  });
});

describe('device lists', () => {
  it('reads the demo seed format and refuses bad rows', () => {
    const devices = parseDeviceList(
      [
        {
          site: 'xnz',
          zone: 'gh1',
          device: 'env-1',
          kind: 'env',
          username: 'u',
          password: 'p',
          intervalS: 10,
        },
      ],
      'f',
    );
    expect(devices[0]).toMatchObject({ kind: 'env', intervalS: 10 });
    expect(() =>
      parseDeviceList([{ site: 'XNZ', zone: 'gh1', device: 'env-1', kind: 'robot', username: '' }], 'f'),
    ).toThrow(/site.*kind.*username/);
  });

  it('scale mode spreads the rate over the devices', () => {
    const devices = scaleDevices(parseScaleSpec('sites=2,houses=5,devices=100,rate=1000'), undefined);
    expect(devices).toHaveLength(1000);
    expect(new Set(devices.map((device) => device.username)).size).toBe(1000);
    expect(devices[999]).toMatchObject({ site: 's2', zone: 'gh5', device: 'env-100', intervalS: 1 });
  });

  it.each([
    { input: 'b2', bench: 'b2' },
    { input: '2', bench: 'b2' },
    { input: 'substrate-2', bench: 'b2' },
  ])('bench $input is $bench', ({ input, bench }) => {
    expect(normaliseBench(input)).toBe(bench);
  });
});
