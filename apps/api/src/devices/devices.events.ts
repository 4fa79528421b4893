/**
 * A device's rights were taken back (disabled, or a new password issued): the embedded broker
 * ends its live connections (an external Mosquitto's plugin does so itself).
 */
export interface DeviceAccessRevoked {
  readonly deviceId: string;
  readonly reason: 'disabled' | 'rotated';
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'device.access-revoked': DeviceAccessRevoked;
  }
}
