import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { lanOrigin } from '../passport/lan-origin.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { OrderSettingsService } from '../matching/order-settings.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { CLOCK } from '../common/tokens.js';
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
import { OrderCatalogueService } from './order-catalogue.service.js';
import { OrderDeliveriesService } from './order-deliveries.service.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OrdersService } from './orders.service.js';
import type {
  AvailabilityResponse,
  Clock,
  DeliveryResponse,
  DeliveryResultResponse,
  OrderCatalogueResponse,
  OrderDryRunResponse,
  OrderHistoryEntry,
  OrderResponse,
  OrderSettingsResponse,
} from '#contracts';
import { toWire } from '../common/wire.js';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly queries: OrderQueriesService,
    private readonly payments: OrderPaymentsService,
    private readonly deliveries: OrderDeliveriesService,
  ) {}

  @Post()
  @Roles('manager', 'buyer')
  async place(@Body() body: PlaceOrderDto, @CurrentUser() me: AuthUser): Promise<OrderResponse> {
    return toWire(await this.orders.place(body, me));
  }

  @Post('dry-run')
  @HttpCode(200)
  @Roles('manager', 'buyer')
  async dryRun(@Body() body: PlaceOrderDto, @CurrentUser() me: AuthUser): Promise<OrderDryRunResponse> {
    return toWire(await this.orders.dryRun(body, me));
  }

  @Get()
  @Roles('manager', 'technician', 'buyer')
  async list(@Query() query: ListOrdersQuery, @CurrentUser() me: AuthUser): Promise<OrderResponse[]> {
    return toWire(await this.queries.list(query, me));
  }

  @Get(':id')
  @Roles('manager', 'technician', 'buyer')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<OrderResponse> {
    return toWire(await this.queries.get(id, me));
  }

  @Get(':id/history')
  @Roles('manager', 'buyer')
  async history(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() me: AuthUser,
  ): Promise<OrderHistoryEntry[]> {
    return toWire(await this.queries.history(id, me));
  }

  @Patch(':id/lines/:lineId')
  @Roles('manager', 'buyer')
  async changeLine(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lineId', ParseUUIDPipe) lineId: string,
    @Body() body: ChangeLineDto,
    @CurrentUser() me: AuthUser,
  ): Promise<OrderResponse> {
    return toWire(await this.orders.changeLine(id, lineId, body, me));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('manager')
  async confirm(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ConfirmLineDto,
    @CurrentUser() me: AuthUser,
  ): Promise<OrderResponse> {
    return toWire(await this.orders.confirm(id, body, me));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('manager', 'buyer')
  async cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelOrderDto,
    @CurrentUser() me: AuthUser,
  ): Promise<OrderResponse> {
    return toWire(await this.orders.cancel(id, body, me));
  }

  @Post(':id/payments')
  @Roles('manager')
  async pay(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PaymentDto,
    @CurrentUser() me: AuthUser,
  ): Promise<OrderResponse> {
    return toWire(await this.payments.pay(id, body, me));
  }

  @Post(':id/deliveries')
  @Roles('manager')
  async deliver(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DeliveryDto,
    @CurrentUser() me: AuthUser,
  ): Promise<DeliveryResultResponse> {
    return toWire(await this.deliveries.deliver(id, body, me));
  }

  @Get(':id/deliveries/:deliveryId/slip')
  @Roles('manager', 'buyer')
  @Header('Content-Type', 'text/html; charset=utf-8')
  slip(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @CurrentUser() me: AuthUser,
    @Req() request: Request,
  ): Promise<string> {
    return this.deliveries.slip(id, deliveryId, me, lanOrigin(request.protocol, request.headers.host));
  }
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller()
export class OrderExtrasController {
  constructor(
    private readonly queries: OrderQueriesService,
    private readonly deliveries: OrderDeliveriesService,
    private readonly settings: OrderSettingsService,
    private readonly catalogueService: OrderCatalogueService,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('order-catalogue')
  @Roles('manager', 'technician', 'buyer')
  async catalogue(@CurrentUser() me: AuthUser): Promise<OrderCatalogueResponse> {
    return toWire(await this.catalogueService.catalogue(me));
  }

  @Get('availability')
  @Roles('manager', 'technician', 'buyer')
  async availability(@Query() query: AvailabilityQueryDto): Promise<AvailabilityResponse> {
    return toWire(await this.queries.availability(query));
  }

  @Post('walk-in-sales')
  @Roles('manager')
  async walkIn(@Body() body: WalkInSaleDto, @CurrentUser() me: AuthUser): Promise<DeliveryResponse> {
    return toWire(await this.deliveries.walkIn(body, me));
  }

  @Get('order-settings')
  @Roles('manager', 'technician')
  async getSettings(): Promise<OrderSettingsResponse> {
    return toWire(await this.settings.get());
  }

  @Patch('order-settings')
  @Roles('manager')
  async updateSettings(
    @Body() body: UpdateOrderSettingsDto,
    @CurrentUser() me: AuthUser,
  ): Promise<OrderSettingsResponse> {
    const saved = await this.settings.update(body);
    // Who changed the nursery's terms, and to what (the settings page's audit log shows it).
    await this.audit.appendUserAction(
      me,
      'settings.updated',
      'order-settings',
      { ...body },
      new Date(this.clock.now()),
    );
    return toWire(saved);
  }
}
