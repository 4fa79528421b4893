import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One failed login. Only failures are counted (a successful login is never throttled); kept in
 * the database so a restart does not reset a guessing attacker's count.
 */
@Entity('login_failures')
@Index('login_failures_phone_at_idx', ['phone', 'at'])
@Index('login_failures_address_at_idx', ['address', 'at'])
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  phone!: string;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
