import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { REQUEST_ID_PATTERN, type RequestCheck } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { IdempotencyRepository } from './idempotency.repository.js';

@ApiTags('requests')
@ApiBearerAuth()
@Controller('requests')
export class IdempotencyController {
  constructor(private readonly records: IdempotencyRepository) {}

  /** After a time-out the page asks whether its write arrived: done (with the answer), pending or unknown. */
  @Get(':requestId')
  @Roles('manager', 'technician', 'buyer')
  async check(@Param('requestId') requestId: string, @CurrentUser() me: AuthUser): Promise<RequestCheck> {
    if (!REQUEST_ID_PATTERN.test(requestId))
      throw DomainError.invalid('REQUEST_ID_INVALID', 'requestId must be 16-64 letters, digits, - or _');
    const record = await this.records.find({ userId: me.id, requestId });
    if (record === null) return { requestId, state: 'unknown' };
    if (record.state === 'pending') return { requestId, state: 'pending' };
    return { requestId, state: 'done', statusCode: record.statusCode ?? 200, body: record.body };
  }
}
