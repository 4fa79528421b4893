import { API_TOPIC_GRANT, deviceTopicGrants } from '../broker-acl.js';
import type { DirectoryEntry } from '../device-directory.js';

/**
 * Mosquitto's dynamic security plugin, as this product uses it: one client and one role of the
 * same name per account (the api, each device, the plugin's admin), the role holding that
 * account's topics. The same shapes serve the live commands ($CONTROL/dynamic-security/v1) and
 * the plugin's JSON file, which `npm run mosquitto:migrate-dynsec` writes offline.
 */

export type DynsecAclType =
  | 'publishClientSend'
  | 'publishClientReceive'
  | 'subscribePattern'
  | 'subscribeLiteral'
  | 'unsubscribePattern';

export interface DynsecAcl {
  readonly acltype: DynsecAclType;
  readonly topic: string;
  readonly allow: boolean;
  readonly priority?: number;
}

export interface DynsecRole {
  readonly rolename: string;
  readonly acls: readonly DynsecAcl[];
}

/** A client as the plugin's JSON file holds it: the password as PBKDF2-SHA512 key, salt and iterations. */
export interface DynsecFileClient {
  readonly username: string;
  readonly textName?: string;
  readonly password?: string;
  readonly salt?: string;
  readonly iterations?: number;
  readonly disabled?: boolean;
  readonly roles: readonly { readonly rolename: string; readonly priority?: number }[];
}

export interface DynsecFile {
  readonly clients: readonly DynsecFileClient[];
  readonly groups: readonly unknown[];
  readonly roles: readonly DynsecRole[];
  readonly defaultACLAccess: {
    readonly publishClientSend: boolean;
    readonly publishClientReceive: boolean;
    readonly subscribe: boolean;
    readonly unsubscribe: boolean;
  };
}

/**
 * What an account may do unless a role says more: nothing but receive what it subscribed to and
 * unsubscribe (the plugin's own defaults, written out so the file says them).
 */
export const DEFAULT_ACL_ACCESS: DynsecFile['defaultACLAccess'] = {
  publishClientSend: false,
  publishClientReceive: true,
  subscribe: false,
  unsubscribe: true,
};

export const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';
export const RESPONSE_TOPIC = `${CONTROL_TOPIC}/response`;

/** Reading and writing the plugin's control topic, and nothing else (not `#`, unlike `dynsec init`). */
export function adminRole(rolename: string): DynsecRole {
  return {
    rolename,
    acls: [
      // `…/v1/#` matches `…/v1` itself too.
      allow('publishClientSend', `${CONTROL_TOPIC}/#`),
      allow('publishClientReceive', `${CONTROL_TOPIC}/#`),
      allow('subscribePattern', `${CONTROL_TOPIC}/#`),
    ],
  };
}

/** The api's ingest account: everything under the topic root (the acl_file's `topic readwrite`). */
export function apiRole(rolename: string): DynsecRole {
  return { rolename, acls: readWrite(API_TOPIC_GRANT) };
}

/** A device's role: the topics of broker-acl.ts's deviceTopicGrants, so both broker kinds agree. */
export function deviceRole(device: DirectoryEntry): DynsecRole {
  const grants = deviceTopicGrants(device);
  return {
    rolename: device.username,
    acls: [
      ...grants.publish.map((topic) => allow('publishClientSend', topic)),
      ...grants.subscribe.flatMap((topic) => [
        allow('subscribePattern', topic),
        allow('publishClientReceive', topic),
      ]),
    ],
  };
}

export function readWrite(topic: string): DynsecAcl[] {
  return [allow('publishClientSend', topic), ...readOnly(topic)];
}

/**
 * Subscribing to a topic and receiving it. The plugin (2.0) checks a shared subscription's whole
 * filter, `$share/<group>/<topic>`, where an acl_file checks only the topic: without the second
 * pattern the api's consumers (which share `$share/<MQTT_CLIENT_ID>/...`) were refused.
 */
export function readOnly(topic: string): DynsecAcl[] {
  return [
    allow('subscribePattern', topic),
    allow('subscribePattern', `$share/+/${topic}`),
    allow('publishClientReceive', topic),
  ];
}

export function allow(acltype: DynsecAclType, topic: string): DynsecAcl {
  return { acltype, topic, allow: true };
}

const HASH_FORMAT = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/**
 * A client for the plugin's JSON from a Mosquitto `$7$` hash (`$7$<iterations>$<salt>$<key>`,
 * what the api stores and `mosquitto_passwd` writes): the plugin keeps the same PBKDF2-SHA512 key,
 * salt and iterations as separate fields, so a device keeps its password through the conversion.
 * Undefined for any other hash form (`$6$` SHA-512 of older installs cannot be converted).
 */
export function clientFromHash(
  username: string,
  hash: string,
  roles: readonly string[],
): DynsecFileClient | undefined {
  const match = HASH_FORMAT.exec(hash);
  if (match === null) return undefined;
  return {
    username,
    password: match[3],
    salt: match[2],
    iterations: Number(match[1]),
    roles: roles.map((rolename) => ({ rolename })),
  };
}
