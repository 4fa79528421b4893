import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User, type Role } from './user.entity.js';

export interface NewUser {
  phone: string;
  name: string;
  role: Role;
  village?: string | null;
  passwordHash: string;
  mustChangePassword?: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByPhone(phone: string): Promise<User | null> {
    return this.users.findOneBy({ phone });
  }

  list(filter: { role?: Role }): Promise<User[]> {
    return this.users.find({
      where: filter.role ? { role: filter.role } : {},
      order: { role: 'ASC', createdAt: 'ASC' },
    });
  }

  async create(user: NewUser): Promise<User> {
    return this.users.save(this.users.create({ ...user, village: user.village ?? null, disabled: false }));
  }

  async update(
    id: string,
    changes: Partial<
      Pick<User, 'name' | 'village' | 'locale' | 'disabled' | 'passwordHash' | 'role' | 'mustChangePassword'>
    >,
  ): Promise<User | null> {
    await this.users.update({ id }, changes);
    return this.findById(id);
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
