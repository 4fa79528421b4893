import { describe, expect, it } from '@jest/globals';
import { hashMosquittoPassword } from '../mosquitto-password.js';
import { convertPasswordFileInstall, parseAclFile } from './password-file-install.js';

const admin = { username: 'yumiao-dynsec-admin', passwordHash: hashMosquittoPassword('admin-pw') };
const api = { username: 'yumiao-api', passwordHash: hashMosquittoPassword('api-pw') };

describe('converting a password-file install to the dynamic security plugin', () => {
  it('keeps each account password as the plugin key, salt and iterations', () => {
    const hash = hashMosquittoPassword('env-1-password');
    const [, , iterations, salt, key] = hash.split('$');
    const { file, problems, converted } = convertPasswordFileInstall({
      passwordFile: `xnz-gh1-env-1:${hash}\n`,
      aclFile: 'user xnz-gh1-env-1\ntopic write nursery/v1/xnz/gh1/env-1/tele\n',
      admin,
      api,
    });
    expect(problems).toEqual([]);
    expect(converted).toEqual(['xnz-gh1-env-1']);
    const client = file.clients.find((c) => c.username === 'xnz-gh1-env-1');
    expect(client).toEqual({
      username: 'xnz-gh1-env-1',
      password: key,
      salt,
      iterations: Number(iterations),
      roles: [{ rolename: 'xnz-gh1-env-1' }],
    });
    // The api, missing from this password file, is added with its topics (shared subscriptions too).
    const apiRole = file.roles.find((role) => role.rolename === 'yumiao-api');
    expect(apiRole?.acls.map((acl) => `${acl.acltype} ${acl.topic}`)).toContain(
      'subscribePattern $share/+/nursery/v1/#',
    );
  });

  it('maps read, write, readwrite and deny lines, and lines before any user to every account', () => {
    const problems: string[] = [];
    const acl = parseAclFile(
      ['topic read $SYS/broker/uptime', 'user a', 'topic write t/a', 'topic t/rw', 'topic deny t/no'].join(
        '\n',
      ),
      problems,
    );
    expect(problems).toEqual([]);
    expect(acl.general.map((entry) => entry.acltype)).toEqual([
      'subscribePattern',
      'subscribePattern',
      'publishClientReceive',
    ]);
    const mine = acl.byUser.get('a') ?? [];
    expect(mine.filter((entry) => entry.topic === 't/a').map((entry) => entry.acltype)).toEqual([
      'publishClientSend',
    ]);
    expect(mine.filter((entry) => entry.topic === 't/rw')).toHaveLength(3);
    const denied = mine.filter((entry) => entry.topic === 't/no');
    expect(denied.every((entry) => !entry.allow && entry.priority === 1)).toBe(true);
  });

  it('writes nothing for what it cannot convert, and says why', () => {
    const { problems } = convertPasswordFileInstall({
      passwordFile: 'old:$6$abc$def\nyumiao-dynsec-admin:' + api.passwordHash + '\n',
      aclFile: 'user ghost\ntopic read x\npattern read %u/#\n',
      admin,
      api,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^acl line 3: "pattern" lines are not converted/),
      expect.stringMatching(/^yumiao-dynsec-admin: already an account/),
      expect.stringMatching(/^old: the password hash is not in Mosquitto's \$7\$/),
      expect.stringMatching(/^ghost: has ACL lines but no password/),
    ]);
  });
});
