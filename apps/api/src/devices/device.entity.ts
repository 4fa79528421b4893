import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { DeviceKind } from '#contracts';
import { Zone } from '../zones/zone.entity.js';

export const PRESENCES = ['unknown', 'online', 'stale', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

/**
 * A registered device: its topic address (site/zone/device), what it reports, its MQTT account and
 * its presence. The password exists only as Mosquitto's `$7$` hash (mosquitto-password.ts).
 */
@Entity('devices')
@Index('devices_address_key', ['site', 'zoneCode', 'device'], { unique: true })
@Index('devices_username_key', ['username'], { unique: true })
export class Device {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  site!: string;

  @Column({ type: 'uuid' })
  zoneId!: string;

  @ManyToOne(() => Zone, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'zone_id' })
  zone?: Relation<Zone>;

  /** The zone's topic code, kept here so the hot path resolves a topic without a join. */
  @Column({ type: 'varchar', length: 64 })
  zoneCode!: string;

  @Column({ type: 'varchar', length: 64 })
  device!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: DeviceKind;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  metrics!: string[];

  @Column({ type: 'integer' })
  intervalS!: number;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 200 })
  username!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  presence!: Presence;

  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  lastStatus!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastStatusAt!: Date | null;

  /** The device's last `meta` message (model, fw, metrics with unit and interval), as it sent it. */
  @Column({ type: 'jsonb', nullable: true })
  meta!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', nullable: true })
  metaAt!: Date | null;

  /** Device clock minus api clock at the last telemetry, in ms. */
  @Column({ type: 'integer', nullable: true })
  clockSkewMs!: number | null;

  @Column({ type: 'boolean', default: false })
  clockSkewFlagged!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
