import { applyDecorators } from '@nestjs/common';
import type { CreateBenchRequest, UpdateBenchRequest } from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { MayBeOmitted } from '../common/validators.js';

/**
 * Area, boom and moisture sensor may be sent as null to clear them: their columns are nullable, so null is a value
 * here, unlike the api's other fields (MayBeOmitted's reason).
 */
const MayBeOmittedOrNull = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

/** Letters (Chinese too), digits, spaces and - _ # .: what a bench is called on its label. */
const BENCH_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _#.-]{0,31}$/u;
/** A device id, as the devices API spells it (`boom-1`, `substrate-2`). */
const DEVICE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** The house's boom serving the bench. */
const BOOM_ID = DEVICE_ID;

/** The probe measuring a bench, set or cleared (null) the same way on creating and editing. */
const MoistureSensorField = () =>
  applyDecorators(
    ApiPropertyOptional({
      example: 'substrate-1',
      description: 'Device id of the substrate probe measuring it; null for the house-wide rule',
      nullable: true,
    }),
    MayBeOmittedOrNull(),
    IsString(),
    Matches(DEVICE_ID, {
      message: 'moistureSensor must be a device id: lowercase letters, digits and dashes',
    }),
  );

export class CreateBenchDto implements CreateBenchRequest {
  @ApiProperty({ example: 'A3', description: 'Unique within the house' })
  @IsString()
  @Length(1, 32)
  @Matches(BENCH_NAME, { message: 'name must be letters, digits, spaces and - _ # .' })
  name!: string;

  @ApiPropertyOptional({ description: 'Bench-top area in m²', nullable: true })
  @MayBeOmittedOrNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(INPUT_LIMITS.areaM2)
  areaM2?: number | null;

  @ApiPropertyOptional({ example: 'boom-1', description: 'Device id of the boom serving it', nullable: true })
  @MayBeOmittedOrNull()
  @IsString()
  @Matches(BOOM_ID, { message: 'boom must be a device id: lowercase letters, digits and dashes' })
  boom?: string | null;

  @MoistureSensorField()
  moistureSensor?: string | null;

  @ApiPropertyOptional({ description: 'Order along the house; after the last bench when absent' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.things)
  position?: number;
}

export class UpdateBenchDto implements UpdateBenchRequest {
  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @Length(1, 32)
  @Matches(BENCH_NAME, { message: 'name must be letters, digits, spaces and - _ # .' })
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @MayBeOmittedOrNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(INPUT_LIMITS.areaM2)
  areaM2?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @MayBeOmittedOrNull()
  @IsString()
  @Matches(BOOM_ID, { message: 'boom must be a device id: lowercase letters, digits and dashes' })
  boom?: string | null;

  @MoistureSensorField()
  moistureSensor?: string | null;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.things)
  position?: number;
}
