import type {
  AvailabilityQuery,
  CancelOrderRequest,
  ChangeLineRequest,
  ConfirmLineRequest,
  DeliveryItemRequest,
  DeliveryRequest,
  HouseholdLineRequest,
  NurseryInfo,
  OrderLineRequest,
  OrdersQuery,
  PaymentRequest,
  PlaceOrderRequest,
  UpdateOrderSettingsRequest,
  WalkInSaleRequest,
} from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsInt,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { CROP_KEY_PATTERN } from '#agronomy';
import { ORDER_SUMMARY_STATUSES, type OrderStatus } from '#contracts';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { IsCalendarDate, IsNested, MayBeOmitted } from '../common/validators.js';

export class HouseholdLineDto implements HouseholdLineRequest {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(INPUT_LIMITS.seedlings) quantity!: number;
}

export class OrderLineDto implements OrderLineRequest {
  @ApiProperty({ description: 'A crop key of the catalogue' })
  @IsString()
  @Matches(CROP_KEY_PATTERN)
  crop!: string;
  @ApiProperty({ description: 'Seedlings' }) @IsInt() @Min(1) @Max(INPUT_LIMITS.seedlings) quantity!: number;
  @ApiProperty({ example: '2027-04-25', description: 'Wanted date, or the start of the wanted window' })
  @IsCalendarDate()
  wantedDate!: string;
  @ApiPropertyOptional({ description: 'End of the wanted window (inclusive)' })
  @MayBeOmitted()
  @IsCalendarDate()
  wantedUntil?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) cultivar?: string;
  @ApiPropertyOptional({ description: 'Cells per tray; the crop default when omitted' })
  @MayBeOmitted()
  @IsInt()
  @Min(INPUT_LIMITS.cellsMin)
  @Max(INPUT_LIMITS.cellsMax)
  cells?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() grafted?: boolean;
  @ApiPropertyOptional({ description: 'true: the buyer brings their own seed (来种代育)' })
  @MayBeOmitted()
  @IsBoolean()
  ownSeed?: boolean;
  @ApiPropertyOptional({
    description: 'Managers only: price per seedling in fen (catalogue price otherwise)',
  })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlingPriceFen)
  priceFen?: number;
  @ApiPropertyOptional({ type: [HouseholdLineDto] })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(500)
  @IsNested(() => HouseholdLineDto, { each: true })
  households?: HouseholdLineDto[];
}

export class PlaceOrderDto implements PlaceOrderRequest {
  @ApiPropertyOptional({ description: 'Managers: the buyer ordered for. Buyers order for themselves.' })
  @MayBeOmitted()
  @IsUUID()
  buyerId?: string;
  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsNested(() => OrderLineDto, { each: true })
  lines!: OrderLineDto[];
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 500) note?: string;
}

export class ConfirmLineDto implements ConfirmLineRequest {
  @ApiProperty() @IsUUID() lineId!: string;
  @ApiPropertyOptional({ description: 'Promise this date (default: the line’s earliest possible date)' })
  @MayBeOmitted()
  @IsCalendarDate()
  date?: string;
  @ApiPropertyOptional({ description: 'Serve from this batch (a substitute: any cultivar or tray)' })
  @MayBeOmitted()
  @IsUUID()
  batchId?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) reason?: string;
}

export class CancelOrderDto implements CancelOrderRequest {
  @ApiPropertyOptional({ description: 'Cancel only these lines; the whole order otherwise' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  lineIds?: string[];
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) reason?: string;
}

export class PaymentDto implements PaymentRequest {
  @ApiProperty({ description: 'fen; negative for a refund' })
  @IsInt()
  @Min(-INPUT_LIMITS.amountFen)
  @Max(INPUT_LIMITS.amountFen)
  amountFen!: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsCalendarDate() date?: string;
  @ApiPropertyOptional({ example: 'cash' }) @MayBeOmitted() @IsString() @Length(1, 20) method?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 200) note?: string;
}

export class DeliveryItemDto implements DeliveryItemRequest {
  @ApiProperty() @IsUUID() lineId!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(INPUT_LIMITS.seedlings) quantity!: number;
  @ApiPropertyOptional({ type: [HouseholdLineDto], description: 'Household sub-lines served' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(500)
  @IsNested(() => HouseholdLineDto, { each: true })
  households?: HouseholdLineDto[];
}

export class DeliveryDto implements DeliveryRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsCalendarDate() date?: string;
  @ApiProperty({ type: [DeliveryItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsNested(() => DeliveryItemDto, { each: true })
  items!: DeliveryItemDto[];
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(INPUT_LIMITS.trays) returnedTrays?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 200) note?: string;
}

export class WalkInSaleDto implements WalkInSaleRequest {
  @ApiProperty() @IsUUID() batchId!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(INPUT_LIMITS.seedlings) quantity!: number;
  @ApiPropertyOptional({ description: 'fen per seedling; catalogue price otherwise' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlingPriceFen)
  priceFen?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) buyerName?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) village?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsCalendarDate() date?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(INPUT_LIMITS.trays) returnedTrays?: number;
}

export class ListOrdersQuery implements OrdersQuery {
  @ApiPropertyOptional() @MayBeOmitted() @IsUUID() buyerId?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) village?: string;
  @ApiPropertyOptional({ description: 'Orders with a line in this status' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 32)
  lineStatus?: string;
  @ApiPropertyOptional({ description: 'Orders with a line promised on this date' })
  @MayBeOmitted()
  @IsCalendarDate()
  date?: string;
  @ApiPropertyOptional({ description: 'Orders with a line of this crop' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 32)
  crop?: string;
  @ApiPropertyOptional({ description: 'Orders with a line still to hand over on this pickup day' })
  @MayBeOmitted()
  @IsCalendarDate()
  pickup?: string;
  @ApiPropertyOptional({ enum: ORDER_SUMMARY_STATUSES, description: "The order's summary status" })
  @MayBeOmitted()
  @IsIn(ORDER_SUMMARY_STATUSES)
  status?: OrderStatus;
  @ApiPropertyOptional({ description: "The previous page's last placedAt: orders placed before it" })
  @MayBeOmitted()
  @IsISO8601({ strict: true })
  // The extended form only, as `placedAt` reads: ISO 8601's basic form (20270401) passes
  // IsISO8601 and PostgreSQL refuses it (found by the HTTP fuzz).
  @Matches(/^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/)
  before?: string;
  @ApiPropertyOptional() @MayBeOmitted() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AvailabilityQueryDto implements AvailabilityQuery {
  @ApiProperty({ description: 'A crop key of the catalogue' })
  @IsString()
  @Matches(CROP_KEY_PATTERN)
  crop!: string;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(INPUT_LIMITS.seedlings) quantity!: number;
  @ApiProperty() @IsCalendarDate() date!: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) cultivar?: string;
  @ApiPropertyOptional({ description: 'Cells per tray' })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(INPUT_LIMITS.cellsMin)
  @Max(INPUT_LIMITS.cellsMax)
  tray?: number;
  @ApiPropertyOptional()
  @MayBeOmitted()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  grafted?: boolean;
}

export class NurseryInfoDto implements Partial<NurseryInfo> {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 200) address?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 200) pickupPlace?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) depositPayment?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 40) phone?: string;
}

export class UpdateOrderSettingsDto implements UpdateOrderSettingsRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0) @Max(1) depositShare?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(90) depositDueDays?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(90) lapseGraceDays?: number;
  @ApiPropertyOptional({ enum: ['fifo', 'pro_rata'] })
  @MayBeOmitted()
  @IsIn(['fifo', 'pro_rata'])
  shortfallPolicy?: 'fifo' | 'pro_rata';
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(20) refillTrays?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(7) @Max(400) horizonDays?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(120) cancelCutoffDays?: number;
  @ApiPropertyOptional({ enum: ['refund', 'keep'] })
  @MayBeOmitted()
  @IsIn(['refund', 'keep'])
  depositOnCancel?: 'refund' | 'keep';
  @ApiPropertyOptional({ type: () => NurseryInfoDto })
  @MayBeOmitted()
  @IsNested(() => NurseryInfoDto)
  nursery?: NurseryInfoDto;
}

export class ChangeLineDto implements ChangeLineRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(1) @Max(INPUT_LIMITS.seedlings) quantity?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsCalendarDate() wantedDate?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsCalendarDate() wantedUntil?: string;
  @ApiPropertyOptional({ nullable: true, description: 'Another variety of the crop; null: any variety' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @Matches(/\S/)
  @Length(1, 100)
  cultivar?: string | null;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) reason?: string;
}
