import type { CommandQuery, IssueCommandRequest } from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min } from 'class-validator';
import { COMMAND_NAMES, type CommandName } from '#contracts';
import { COMMAND_STATUSES } from './command.entity.js';
import { MayBeOmitted } from '../common/validators.js';

export class IssueCommandDto implements IssueCommandRequest {
  @ApiProperty({ enum: COMMAND_NAMES }) @IsIn(COMMAND_NAMES) name!: CommandName;

  @ApiProperty({
    description: 'As in libs/contracts: {"sp_c":15} | {"seconds":120} | {"passes":2} | {"on":true,"sp_c":24}',
  })
  @IsObject()
  params!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'A device of the zone; by default the one of the matching kind' })
  @MayBeOmitted()
  @Matches(/^[a-z0-9-]{1,64}$/)
  device?: string;

  @ApiPropertyOptional({
    description: 'Override an interlock that allows it (winter night, interval), with the reason',
  })
  @MayBeOmitted()
  @IsString()
  @Length(3, 300)
  forceReason?: string;

  @ApiPropertyOptional({
    description: 'Setpoint override lease: hold this for N minutes, then the schedules take over',
  })
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  holdMinutes?: number;

  @ApiPropertyOptional({ description: 'Seconds until the command expires (default 300)' })
  @MayBeOmitted()
  @IsInt()
  @Min(10)
  @Max(3600)
  expiresInS?: number;
}

export class CommandQueryDto implements CommandQuery {
  @ApiPropertyOptional() @MayBeOmitted() @Matches(/^[a-z0-9-]{1,64}$/) zone?: string;
  @ApiPropertyOptional({ enum: COMMAND_STATUSES })
  @MayBeOmitted()
  @IsIn(COMMAND_STATUSES)
  status?: (typeof COMMAND_STATUSES)[number];
  @ApiPropertyOptional() @MayBeOmitted() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}
