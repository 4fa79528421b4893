import {
  DEFAULT_ACL_ACCESS,
  adminRole,
  allow,
  apiRole,
  readOnly,
  clientFromHash,
  type DynsecAcl,
  type DynsecFile,
  type DynsecFileClient,
  type DynsecRole,
} from './dynsec-model.js';

/**
 * Converts a password-file Mosquitto install (the `passwd` and `acl` files `npm run
 * mosquitto:auth` writes, or an installer's own in the same syntax) to the dynamic security
 * plugin's JSON, offline: every account keeps its password (the `$7$` hash becomes the plugin's
 * key, salt and iterations) and its topics (one role per account, named after it).
 */

export interface PasswordFileInstall {
  /** The `passwd` file's text (`user:$7$...` lines); undefined for a fresh set-up. */
  readonly passwordFile: string | undefined;
  /** The `acl` file's text. */
  readonly aclFile: string | undefined;
  /** The plugin's admin account (the api's, for live changes). */
  readonly admin: { readonly username: string; readonly passwordHash: string };
  /** The api's ingest account: added with its topics when the password file does not hold it. */
  readonly api: { readonly username: string; readonly passwordHash: string };
}

export interface Conversion {
  readonly file: DynsecFile;
  /** The accounts converted from the password file, in its order. */
  readonly converted: readonly string[];
  /** What could not be converted; nothing should be written while there is any. */
  readonly problems: readonly string[];
}

export function convertPasswordFileInstall(install: PasswordFileInstall): Conversion {
  const problems: string[] = [];
  const hashes = parsePasswordFile(install.passwordFile ?? '', problems);
  const acl = parseAclFile(install.aclFile ?? '', problems);
  const clients: DynsecFileClient[] = [];
  const roles: DynsecRole[] = [];
  const converted: string[] = [];

  const add = (username: string, hash: string, role: DynsecRole): void => {
    const client = clientFromHash(username, hash, [role.rolename]);
    if (client === undefined) {
      problems.push(
        `${username}: the password hash is not in Mosquitto's $7$ (PBKDF2-SHA512) form; set a new password with mosquitto_passwd first`,
      );
      return;
    }
    clients.push(client);
    roles.push(role);
  };

  if (hashes.has(install.admin.username)) {
    problems.push(
      `${install.admin.username}: already an account in the password file; the admin needs a name of its own`,
    );
  }
  add(install.admin.username, install.admin.passwordHash, adminRole(install.admin.username));
  for (const [username, hash] of hashes) {
    add(username, hash, { rolename: username, acls: [...acl.general, ...(acl.byUser.get(username) ?? [])] });
    converted.push(username);
  }
  if (!hashes.has(install.api.username))
    add(install.api.username, install.api.passwordHash, apiRole(install.api.username));
  for (const username of acl.byUser.keys()) {
    if (!hashes.has(username)) problems.push(`${username}: has ACL lines but no password; left out`);
  }
  return {
    file: { clients, groups: [], roles, defaultACLAccess: DEFAULT_ACL_ACCESS },
    converted,
    problems,
  };
}

/** `user:hash` lines; blank lines and `#` comments skipped. */
export function parsePasswordFile(text: string, problems: string[]): Map<string, string> {
  const hashes = new Map<string, string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      problems.push(`passwd line ${index + 1}: expected user:hash`);
      return;
    }
    hashes.set(line.slice(0, colon), line.slice(colon + 1));
  });
  return hashes;
}

/**
 * Mosquitto's acl_file: `user NAME` starts a block; `topic [read|write|readwrite|deny] TOPIC`
 * lines belong to it, or to every account before the first `user`. `read` is subscribing and
 * receiving, `write` publishing. `pattern` lines (with %u / %c) have no per-account form to copy
 * and are reported.
 */
export function parseAclFile(
  text: string,
  problems: string[],
): { general: DynsecAcl[]; byUser: Map<string, DynsecAcl[]> } {
  const general: DynsecAcl[] = [];
  const byUser = new Map<string, DynsecAcl[]>();
  let current = general;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [keyword = '', ...rest] = line.split(/\s+/);
    if (keyword === 'user') {
      const username = rest.join(' ');
      current = byUser.get(username) ?? [];
      byUser.set(username, current);
      return;
    }
    if (keyword !== 'topic') {
      problems.push(`acl line ${index + 1}: "${keyword}" lines are not converted (only user and topic)`);
      return;
    }
    const access = ['read', 'write', 'readwrite', 'deny'].includes(rest[0] ?? '')
      ? rest.shift()
      : 'readwrite';
    const topic = rest.join(' ');
    if (topic === '') {
      problems.push(`acl line ${index + 1}: a topic line without a topic`);
      return;
    }
    current.push(...aclsFor(access ?? 'readwrite', topic));
  });
  return { general, byUser };
}

function aclsFor(access: string, topic: string): DynsecAcl[] {
  const read = readOnly(topic);
  const write = [allow('publishClientSend', topic)];
  if (access === 'read') return read;
  if (access === 'write') return write;
  // A deny wins over an allow in an acl_file; in the plugin the higher priority is checked first.
  if (access === 'deny') return [...write, ...read].map((acl) => ({ ...acl, allow: false, priority: 1 }));
  return [...write, ...read];
}
