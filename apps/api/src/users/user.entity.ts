import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ROLES = ['manager', 'technician', 'buyer', 'adviser'] as const;
export type Role = (typeof ROLES)[number];

/** A person who logs in with phone number and password (how village users identify themselves). */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 20, unique: true })
  phone!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  /** The buyer's village (or the staff member's team); free text as villagers write it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  village!: string | null;

  /** scrypt, see auth/password-hasher.ts for the format. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  locale!: string;

  /**
   * The password was set by someone else (a new account's or a reset's one-time password, which the
   * manager has seen): the person chooses their own at the next login before anything else.
   */
  @Column({ type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
