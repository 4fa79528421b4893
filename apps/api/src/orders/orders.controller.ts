import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { OrderSettingsService } from './order-settings.js';
import {
  AvailabilityQueryDto,
  CancelOrderDto,
  ChangeLineDto,
  ConfirmLineDto,
  DeliveryDto,
  ListOrdersQuery,
  PaymentDto,
  PlaceOrderDto,
  UpdateOrderSettingsDto,
  WalkInSaleDto,
} from './orders.dto.js';
import { OrdersService } from './orders.service.js';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @Roles('manager', 'buyer')
  place(@Body() body: PlaceOrderDto, @CurrentUser() me: AuthUser) {
    return this.orders.place(body, me);
  }

  @Get()
  @Roles('manager', 'technician', 'buyer')
  list(@Query() query: ListOrdersQuery, @CurrentUser() me: AuthUser) {
    return this.orders.list(query, me);
  }

  @Get(':id')
  @Roles('manager', 'technician', 'buyer')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.orders.get(id, me);
  }

  @Get(':id/history')
  @Roles('manager', 'buyer')
  history(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.orders.history(id, me);
  }

  @Patch(':id/lines/:lineId')
  @Roles('manager', 'buyer')
  changeLine(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lineId', ParseUUIDPipe) lineId: string,
    @Body() body: ChangeLineDto,
    @CurrentUser() me: AuthUser,
  ) {
    return this.orders.changeLine(id, lineId, body, me);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('manager')
  confirm(@Param('id', ParseUUIDPipe) id: string, @Body() body: ConfirmLineDto, @CurrentUser() me: AuthUser) {
    return this.orders.confirm(id, body, me);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('manager', 'buyer')
  cancel(@Param('id', ParseUUIDPipe) id: string, @Body() body: CancelOrderDto, @CurrentUser() me: AuthUser) {
    return this.orders.cancel(id, body, me);
  }

  @Post(':id/payments')
  @Roles('manager')
  pay(@Param('id', ParseUUIDPipe) id: string, @Body() body: PaymentDto, @CurrentUser() me: AuthUser) {
    return this.orders.pay(id, body, me);
  }

  @Post(':id/deliveries')
  @Roles('manager')
  deliver(@Param('id', ParseUUIDPipe) id: string, @Body() body: DeliveryDto, @CurrentUser() me: AuthUser) {
    return this.orders.deliver(id, body, me);
  }

  @Get(':id/deliveries/:deliveryId/slip')
  @Roles('manager', 'buyer')
  @Header('Content-Type', 'text/html; charset=utf-8')
  slip(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @CurrentUser() me: AuthUser,
  ) {
    return this.orders.slip(id, deliveryId, me);
  }
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller()
export class OrderExtrasController {
  constructor(
    private readonly orders: OrdersService,
    private readonly settings: OrderSettingsService,
  ) {}

  @Get('availability')
  @Roles('manager', 'technician', 'buyer')
  availability(@Query() query: AvailabilityQueryDto) {
    return this.orders.availability(query);
  }

  @Post('walk-in-sales')
  @Roles('manager')
  walkIn(@Body() body: WalkInSaleDto, @CurrentUser() me: AuthUser) {
    return this.orders.walkIn(body, me);
  }

  @Get('order-settings')
  @Roles('manager', 'technician')
  getSettings() {
    return this.settings.get();
  }

  @Patch('order-settings')
  @Roles('manager')
  updateSettings(@Body() body: UpdateOrderSettingsDto) {
    return this.settings.update(body);
  }
}
