import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CROP_KEYS } from '#agronomy';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class HouseholdLineDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty() @IsInt() @Min(1) quantity!: number;
}

export class OrderLineDto {
  @ApiProperty({ enum: CROP_KEYS }) @IsIn(CROP_KEYS) crop!: string;
  @ApiProperty({ description: 'Seedlings' }) @IsInt() @Min(1) @Max(5_000_000) quantity!: number;
  @ApiProperty({ example: '2027-04-25', description: 'Wanted date, or the start of the wanted window' })
  @Matches(ISO_DATE)
  wantedDate!: string;
  @ApiPropertyOptional({ description: 'End of the wanted window (inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE)
  wantedUntil?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) cultivar?: string;
  @ApiPropertyOptional({ description: 'Cells per tray; the crop default when omitted' })
  @IsOptional()
  @IsInt()
  @Min(8)
  cells?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() grafted?: boolean;
  @ApiPropertyOptional({ description: 'true: the buyer brings their own seed (来种代育)' })
  @IsOptional()
  @IsBoolean()
  ownSeed?: boolean;
  @ApiPropertyOptional({
    description: 'Managers only: price per seedling in fen (catalogue price otherwise)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  priceFen?: number;
  @ApiPropertyOptional({ type: [HouseholdLineDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => HouseholdLineDto)
  households?: HouseholdLineDto[];
}

export class PlaceOrderDto {
  @ApiPropertyOptional({ description: 'Managers: the buyer ordered for. Buyers order for themselves.' })
  @IsOptional()
  @IsUUID()
  buyerId?: string;
  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class ConfirmLineDto {
  @ApiProperty() @IsUUID() lineId!: string;
  @ApiPropertyOptional({ description: 'Promise this date (default: the line’s earliest possible date)' })
  @IsOptional()
  @Matches(ISO_DATE)
  date?: string;
  @ApiPropertyOptional({ description: 'Serve from this batch (a substitute: any cultivar or tray)' })
  @IsOptional()
  @IsUUID()
  batchId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) reason?: string;
}

export class CancelOrderDto {
  @ApiPropertyOptional({ description: 'Cancel only these lines; the whole order otherwise' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  lineIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) reason?: string;
}

export class PaymentDto {
  @ApiProperty({ description: 'fen; negative for a refund' }) @IsInt() amountFen!: number;
  @ApiPropertyOptional() @IsOptional() @Matches(ISO_DATE) date?: string;
  @ApiPropertyOptional({ example: 'cash' }) @IsOptional() @IsString() @Length(1, 20) method?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) note?: string;
}

export class DeliveryItemDto {
  @ApiProperty() @IsUUID() lineId!: string;
  @ApiProperty() @IsInt() @Min(1) quantity!: number;
  @ApiPropertyOptional({ type: [HouseholdLineDto], description: 'Household sub-lines served' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => HouseholdLineDto)
  households?: HouseholdLineDto[];
}

export class DeliveryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ISO_DATE) date?: string;
  @ApiProperty({ type: [DeliveryItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => DeliveryItemDto)
  items!: DeliveryItemDto[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) returnedTrays?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) note?: string;
}

export class WalkInSaleDto {
  @ApiProperty() @IsUUID() batchId!: string;
  @ApiProperty() @IsInt() @Min(1) quantity!: number;
  @ApiPropertyOptional({ description: 'fen per seedling; catalogue price otherwise' })
  @IsOptional()
  @IsInt()
  @Min(0)
  priceFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) buyerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) village?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ISO_DATE) date?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) returnedTrays?: number;
}

export class ListOrdersQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() buyerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() village?: string;
  @ApiPropertyOptional({ description: 'Orders with a line in this status' })
  @IsOptional()
  @IsString()
  lineStatus?: string;
  @ApiPropertyOptional({ description: 'Orders with a line promised on this date' })
  @IsOptional()
  @Matches(ISO_DATE)
  date?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AvailabilityQueryDto {
  @ApiProperty({ enum: CROP_KEYS }) @IsIn(CROP_KEYS) crop!: string;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) quantity!: number;
  @ApiProperty() @Matches(ISO_DATE) date!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() cultivar?: string;
  @ApiPropertyOptional({ description: 'Cells per tray' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  tray?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  grafted?: boolean;
}

export class UpdateOrderSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) depositShare?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(90) depositDueDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(90) lapseGraceDays?: number;
  @ApiPropertyOptional({ enum: ['fifo', 'pro_rata'] })
  @IsOptional()
  @IsIn(['fifo', 'pro_rata'])
  shortfallPolicy?: 'fifo' | 'pro_rata';
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(20) refillTrays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(7) @Max(400) horizonDays?: number;
}

export class ChangeLineDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(5_000_000) quantity?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(ISO_DATE) wantedDate?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ISO_DATE) wantedUntil?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) reason?: string;
}
