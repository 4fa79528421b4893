import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Buyer } from './buyer.entity.js';

@Injectable()
export class BuyersRepository {
  constructor(@InjectRepository(Buyer) private readonly buyers: Repository<Buyer>) {}

  list(village?: string): Promise<Buyer[]> {
    return this.buyers.find({ where: village ? { village } : {}, order: { village: 'ASC', name: 'ASC' } });
  }

  /** `tx`: an open transaction's manager (a TypeORM EntityManager), so the read uses its connection. */
  findById(
    id: string,
    tx?: { getRepository: Repository<Buyer>['manager']['getRepository'] },
  ): Promise<Buyer | null> {
    return (tx ? tx.getRepository(Buyer) : this.buyers).findOneBy({ id });
  }

  findByUser(userId: string): Promise<Buyer | null> {
    return this.buyers.findOneBy({ userId });
  }

  async create(buyer: Omit<Buyer, 'id' | 'createdAt'>): Promise<Buyer> {
    return this.buyers.save(this.buyers.create(buyer));
  }

  /** The buyer record of a user, created once (concurrent first orders race on the unique user_id). */
  async ensureForUser(buyer: Omit<Buyer, 'id' | 'createdAt'> & { userId: string }): Promise<Buyer> {
    await this.buyers.createQueryBuilder().insert().values(buyer).orIgnore().execute();
    const stored = await this.findByUser(buyer.userId);
    if (!stored) throw new Error(`buyer for user ${buyer.userId} missing after insert`);
    return stored;
  }

  async update(id: string, changes: Partial<Buyer>): Promise<Buyer | null> {
    // A PATCH with nothing in it changes nothing (TypeORM refuses an UPDATE with no values: a 500).
    // A DTO's fields left out are there as undefined.
    if (Object.values(changes).some((value) => value !== undefined))
      await this.buyers.update({ id }, changes);
    return this.findById(id);
  }
}
