import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A device seen on the wire (e.g. a gateway's new child) that the registry does not know yet. */
@Entity('pending_devices')
export class PendingDevice {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  site!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  zone!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  device!: string;

  @Column({ type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ type: 'integer', default: 0 })
  messages!: number;

  @Column({ type: 'varchar', length: 300 })
  lastTopic!: string;
}
