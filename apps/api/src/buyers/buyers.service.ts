import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '#contracts';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import { UsersRepository } from '../users/users.repository.js';
import type { Buyer } from './buyer.entity.js';
import type { CreateBuyerDto, UpdateBuyerDto } from './buyers.dto.js';
import { BuyersRepository } from './buyers.repository.js';

@Injectable()
export class BuyersService {
  constructor(
    private readonly buyers: BuyersRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(village?: string): Promise<Buyer[]> {
    return this.buyers.list(village);
  }

  async get(id: string): Promise<Buyer> {
    const buyer = await this.buyers.findById(id);
    if (!buyer) throw new DomainError('BUYER_NOT_FOUND', `Buyer ${id} not found`, 404);
    return buyer;
  }

  /** The buyer record of a buyer-role user; created from the account on first use. */
  async forUser(user: AuthUser): Promise<Buyer> {
    const existing = await this.buyers.findByUser(user.id);
    if (existing) return existing;
    const account = await this.users.findById(user.id);
    return this.buyers.ensureForUser({
      name: user.name,
      village: account?.village ?? '',
      phone: user.phone,
      kind: 'party_secretary',
      userId: user.id,
    });
  }

  async create(input: CreateBuyerDto, by: AuthUser): Promise<Buyer> {
    await this.checkUser(input.userId);
    const buyer = await this.buyers.create({
      name: input.name,
      village: input.village,
      phone: input.phone ?? null,
      kind: input.kind,
      userId: input.userId ?? null,
    });
    await this.record(by, 'buyer.created', buyer.id, { ...input });
    return buyer;
  }

  async update(id: string, changes: UpdateBuyerDto, by: AuthUser): Promise<Buyer> {
    await this.get(id);
    await this.checkUser(changes.userId, id);
    const updated = await this.buyers.update(id, changes);
    if (!updated) throw new DomainError('BUYER_NOT_FOUND', `Buyer ${id} not found`, 404);
    await this.record(by, 'buyer.updated', id, { ...changes });
    return updated;
  }

  private async checkUser(userId: string | undefined, buyerId?: string): Promise<void> {
    if (userId === undefined) return;
    const user = await this.users.findById(userId);
    if (!user || user.role !== 'buyer')
      throw DomainError.invalid('NOT_A_BUYER_ACCOUNT', 'userId must be a buyer account');
    const linked = await this.buyers.findByUser(userId);
    if (linked && linked.id !== buyerId)
      throw DomainError.conflict('BUYER_EXISTS', 'That account already has a buyer record', {
        buyerId: linked.id,
      });
  }

  private record(by: AuthUser, action: string, id: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.append({
      at: new Date(this.clock.now()),
      actor: userActor(by),
      action,
      entityType: 'buyer',
      entityId: id,
      details,
    });
  }
}
