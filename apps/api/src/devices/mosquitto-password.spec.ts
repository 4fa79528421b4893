import { describe, expect, it } from '@jest/globals';
import { hashMosquittoPassword, verifyMosquittoPassword } from './mosquitto-password.js';

describe('mosquitto $7$ password hashes', () => {
  it('verifies a hash written by mosquitto_passwd 2.0', () => {
    // `mosquitto_passwd -c -b file alice secret`
    const fromMosquitto =
      '$7$101$cvNldyTQMdXXT9PO$Sa4NTVqY8htlRZ4eeho09BjLjxDurxPidAq6dCdyzxD1ep32Nww8n2CJGHA7UJzZ177EdKVJXM/GEiTu/qC0+A==';
    expect(verifyMosquittoPassword('secret', fromMosquitto)).toBe(true);
    expect(verifyMosquittoPassword('Secret', fromMosquitto)).toBe(false);
  });

  it('writes the same shape mosquitto_passwd writes and verifies its own', () => {
    const hash = hashMosquittoPassword('p4ss');
    expect(hash).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(verifyMosquittoPassword('p4ss', hash)).toBe(true);
    expect(verifyMosquittoPassword('p4sS', hash)).toBe(false);
    expect(verifyMosquittoPassword('p4ss', 'plain')).toBe(false);
  });
});
