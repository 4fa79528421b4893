import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Roles } from '../auth/roles.decorator.js';
import { AuditRepository } from './audit.repository.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { toWire } from '../common/wire.js';
import type { AuditEntryResponse } from '#contracts';
import { IsInstant, MayBeOmitted, ToInstant } from '../common/validators.js';

class AuditQueryDto {
  @MayBeOmitted() @ToInstant() @IsInstant() from?: Date;
  @MayBeOmitted() @ToInstant() @IsInstant() to?: Date;
  @MayBeOmitted() @IsString() @Length(1, 64) entityType?: string;
  @MayBeOmitted() @IsString() @Length(1, 100) entityId?: string;
  @MayBeOmitted() @IsString() @Length(1, 64) action?: string;
  @MayBeOmitted() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @MayBeOmitted() @Type(() => Number) @IsInt() @Min(1) @Max(INPUT_LIMITS.rowId) before?: number;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @Roles('manager', 'technician')
  async list(@Query() query: AuditQueryDto): Promise<AuditEntryResponse[]> {
    return toWire(await this.audit.find({ ...query, limit: query.limit ?? 200 }));
  }
}
