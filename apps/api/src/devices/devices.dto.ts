import type { RegisterDeviceRequest } from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DEVICE_KINDS, METRICS, type DeviceKind } from '#contracts';
import { MayBeOmitted } from '../common/validators.js';

const SEGMENT = /^[a-z0-9-]{1,64}$/;
const SEGMENT_MESSAGE = { message: '$property must be lowercase letters, digits and dashes' };

export class RegisterDeviceDto implements RegisterDeviceRequest {
  @ApiPropertyOptional({ description: 'Site code; the configured site by default' })
  @MayBeOmitted()
  @Matches(/^[a-z0-9-]{1,32}$/, SEGMENT_MESSAGE)
  site?: string;

  @ApiProperty({ example: 'gh1' }) @Matches(SEGMENT, SEGMENT_MESSAGE) zone!: string;
  @ApiProperty({ example: 'env-2' }) @Matches(SEGMENT, SEGMENT_MESSAGE) device!: string;
  @ApiProperty({ enum: DEVICE_KINDS }) @IsIn(DEVICE_KINDS) kind!: DeviceKind;

  @ApiPropertyOptional({ description: 'Metric keys; the kind default when omitted' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(64)
  @IsIn(METRICS.map((m) => m.key), { each: true })
  metrics?: string[];

  @ApiPropertyOptional({ example: 60, description: 'Report interval in seconds' })
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  @Max(86_400)
  intervalS?: number;
}

export class ExportQueryDto {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() site?: string;
}
