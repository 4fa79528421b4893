import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const BUYER_KINDS = ['party_secretary', 'cooperative', 'large_grower', 'household'] as const;
export type BuyerKind = (typeof BUYER_KINDS)[number];

/** Who orders seedlings; linked to a `buyer` user when they have an account (many have not). */
@Entity('buyers')
export class Buyer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  village!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind!: BuyerKind;

  @Column({ type: 'uuid', nullable: true, unique: true })
  userId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
