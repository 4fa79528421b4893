import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadAppConfig } from './app-config.js';

describe('loadAppConfig', () => {
  it('defaults to the embedded stack with the demo seed and simulator on', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      port: 3000,
      embeddedDatabase: true,
      embeddedBroker: true,
      demoSeed: true,
      simulator: true,
      siteCode: 'xnz',
      rawRetentionDays: 180,
      nurseryTimeZone: 'Asia/Shanghai',
      mqtt: { host: '127.0.0.1', port: 1883 },
    });
  });

  it('uses real services without seeding or simulating unless asked', () => {
    const config = loadAppConfig({
      DATABASE_URL: 'postgres://u@db:5432/yumiao',
      MQTT_URL: 'mqtt://broker:1883',
    });
    expect(config).toMatchObject({
      embeddedDatabase: false,
      embeddedBroker: false,
      demoSeed: false,
      simulator: false,
    });
    expect(
      loadAppConfig({ DATABASE_URL: 'postgres://u@db/y', MQTT_URL: 'mqtt://b', DEMO_SEED: 'yes' }).demoSeed,
    ).toBe(true);
  });

  it('lists every bad variable in one error', () => {
    let problems: readonly string[] = [];
    try {
      loadAppConfig({
        PORT: 'eighty',
        MQTT_PORT: '70000',
        DATABASE_URL: 'mysql://x',
        TZ_NURSERY: 'Mars/Base',
        DEMO_SEED: 'maybe',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((problem) => problem.split('=')[0])).toEqual(
      expect.arrayContaining(['PORT', 'MQTT_PORT', 'DATABASE_URL', 'TZ_NURSERY', 'DEMO_SEED']),
    );
    expect(problems).toHaveLength(5);
  });

  it('reads the disk levels, refusing a critical level above the warning level', () => {
    expect(loadAppConfig({}).disk).toEqual({
      warningPercent: 15,
      warningMb: 2048,
      criticalPercent: 5,
      criticalMb: 500,
      postgresLogMb: 10,
    });
    expect(loadAppConfig({ DISK_WARNING_MB: '40', DISK_CRITICAL_MB: '20' }).disk).toMatchObject({
      warningMb: 40,
      criticalMb: 20,
    });
    let problems: readonly string[] = [];
    try {
      loadAppConfig({ DISK_WARNING_PCT: '4', DISK_CRITICAL_MB: '3000' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((problem) => problem.split('=')[0])).toEqual([
      'DISK_CRITICAL_PCT',
      'DISK_CRITICAL_MB',
    ]);
  });

  it('reads a simulated clock only when its start is set', () => {
    expect(loadAppConfig({}).testClock).toBeUndefined();
    const config = loadAppConfig({
      TEST_CLOCK_START: '2027-01-15T20:00:00+08:00',
      TEST_CLOCK_ANCHOR: '1000',
      TEST_CLOCK_SPEED: '60',
    });
    expect(config.testClock).toEqual({ start: Date.parse('2027-01-15T12:00:00Z'), anchor: 1000, speed: 60 });
  });
});
