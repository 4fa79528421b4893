import type { CreateScheduleRequest, ScheduleSlot, UpdateScheduleRequest } from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { SCHEDULE_KINDS, type ScheduleKind } from './schedule.entity.js';
import { IsNested, MayBeOmitted } from '../common/validators.js';

export class ScheduleSlotDto implements ScheduleSlot {
  @ApiProperty({ example: '08:30', description: 'HH:MM in the nursery time zone' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  at!: string;

  @ApiProperty({ example: { seconds: 120 }, description: 'Irrigation {seconds}|{passes}; setpoint {sp_c}' })
  @IsObject()
  params!: Record<string, unknown>;
}

export class CreateScheduleDto implements CreateScheduleRequest {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: SCHEDULE_KINDS }) @IsIn(SCHEDULE_KINDS) kind!: ScheduleKind;

  @ApiProperty({ type: [ScheduleSlotDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @IsNested(() => ScheduleSlotDto, { each: true })
  slots!: ScheduleSlotDto[];

  @ApiPropertyOptional({ description: 'moisture-irrigation: irrigate below this VWC %' })
  @MayBeOmitted()
  @IsNumber()
  @Min(0)
  @Max(100)
  moistureBelowPct?: number;

  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() enabled?: boolean;
}

export class UpdateScheduleDto implements UpdateScheduleRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) name?: string;

  @ApiPropertyOptional({ type: [ScheduleSlotDto] })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @IsNested(() => ScheduleSlotDto, { each: true })
  slots?: ScheduleSlotDto[];

  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0) @Max(100) moistureBelowPct?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() enabled?: boolean;
}
