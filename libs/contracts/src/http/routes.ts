import type { RequestCheck } from '../requests.js';
import type * as Alarms from './alarms.js';
import type * as Audit from './audit.js';
import type * as Auth from './auth.js';
import type * as Batches from './batches.js';
import type * as Control from './control.js';
import type * as Crops from './crops.js';
import type * as Devices from './devices.js';
import type * as Modem from './modem.js';
import type * as Observations from './observations.js';
import type * as Orders from './orders.js';
import type * as Passports from './passports.js';
import type * as People from './people.js';
import type * as Reports from './reports.js';
import type * as System from './system.js';
import type * as Telemetry from './telemetry.js';
import type * as Zones from './zones.js';

/**
 * Every REST route the browser calls, keyed `METHOD /path` with `:name` parameters exactly as the
 * controllers declare them. `query` and `body` are what the route accepts, `response` what it
 * answers (JSON). The web's client (apps/web/src/api.ts) takes its types from here, the api's
 * controllers declare the same response types, and `routes.spec.ts` checks the keys against the
 * routes Nest registers.
 */
export interface HttpRoutes {
  'POST /api/auth/login': { body: Auth.LoginRequest; response: Auth.SessionResponse };
  'POST /api/auth/refresh': { body: Auth.RefreshRequest; response: Auth.SessionResponse };
  'POST /api/auth/logout': { body: Auth.RefreshRequest; response: null };

  'GET /api/users/me': { response: Auth.PublicUser };
  'PATCH /api/users/me': { body: People.UpdateProfileRequest; response: Auth.PublicUser };
  'GET /api/users': { query: People.UsersQuery; response: Auth.PublicUser[] };
  'POST /api/users': { body: People.CreateUserRequest; response: People.CreatedUserResponse };
  'GET /api/users/:id': { response: Auth.PublicUser };
  'PATCH /api/users/:id': { body: People.UpdateUserRequest; response: Auth.PublicUser };
  'POST /api/users/:id/disable': { response: Auth.PublicUser };
  'POST /api/users/:id/reset-password': { response: People.PasswordResponse };

  'GET /api/buyers/me': { response: People.BuyerResponse };
  'GET /api/buyers': { query: People.BuyersQuery; response: People.BuyerResponse[] };
  'POST /api/buyers': { body: People.CreateBuyerRequest; response: People.BuyerResponse };
  'GET /api/buyers/:id': { response: People.BuyerResponse };
  'PATCH /api/buyers/:id': { body: People.UpdateBuyerRequest; response: People.BuyerResponse };

  'GET /api/zones': { query: Zones.SiteQuery; response: Zones.ZoneResponse[] };
  'GET /api/zones/:code': { query: Zones.SiteQuery; response: Zones.ZoneResponse };
  'POST /api/zones': { body: Zones.CreateZoneRequest; response: Zones.ZoneResponse };
  'PATCH /api/zones/:code': {
    query: Zones.SiteQuery;
    body: Zones.UpdateZoneRequest;
    response: Zones.ZoneResponse;
  };

  'GET /api/zones/:zone/benches': { response: Zones.BenchResponse[] };
  'POST /api/zones/:zone/benches': { body: Zones.CreateBenchRequest; response: Zones.BenchResponse };
  'PATCH /api/zones/:zone/benches/:id': { body: Zones.UpdateBenchRequest; response: Zones.BenchResponse };
  'DELETE /api/zones/:zone/benches/:id': { response: null };
  'GET /api/zones/:zone/latest': { query: Zones.SiteQuery; response: Telemetry.ZoneLatestResponse };
  /** The limits in force in a house, each with its source (the batch's crop and stage, an override …). */
  'GET /api/zones/:zone/limits': { response: Zones.HouseLimitsResponse };
  'GET /api/readings': { query: Telemetry.ReadingsQuery; response: Telemetry.SeriesResponse[] };
  'GET /api/readings/export': { query: Telemetry.ReadingsExportQuery; response: string };

  'GET /api/devices': { query: Zones.SiteQuery; response: Devices.DeviceResponse[] };
  'GET /api/devices/pending': { response: Devices.PendingDeviceResponse[] };
  'POST /api/devices': { body: Devices.RegisterDeviceRequest; response: Devices.IssuedDeviceResponse };
  'POST /api/devices/:id/rotate-credentials': { response: Devices.IssuedDeviceResponse };
  'POST /api/devices/:id/disable': { response: Devices.DeviceResponse };
  'GET /api/devices/:id/dead-letters': {
    query: Telemetry.DeviceDeadLettersQuery;
    response: Telemetry.DeadLetterResponse[];
  };

  'GET /api/alarms': { query: Alarms.AlarmQuery; response: Alarms.AlarmResponse[] };
  'GET /api/alarms/history': { query: Alarms.AlarmQuery; response: Alarms.AlarmResponse[] };
  'GET /api/alarms/settings': { response: Alarms.AlarmSettingResponse[] };
  'PUT /api/alarms/settings/:zone': {
    body: Alarms.AlarmSettingRequest;
    response: Alarms.AlarmSettingResponse;
  };
  'GET /api/alarms/roster': { response: Alarms.RosterEntryResponse[] };
  'PUT /api/alarms/roster': { body: Alarms.RosterRequest; response: Alarms.RosterEntryResponse[] };
  'GET /api/alarms/notifications': {
    query: Alarms.NotificationQuery;
    response: Alarms.AlarmNotificationResponse[];
  };
  /** Sends a test message to one robot and answers what it said (nothing is stored). */
  'POST /api/alarms/robots/test': { body: Alarms.RobotTestRequest; response: Alarms.RobotTestResponse };
  /** Silences the local siren (204). */
  'POST /api/alarms/siren/silence': { response: null };
  'GET /api/alarms/:id': { response: Alarms.AlarmDetailResponse };
  'POST /api/alarms/:id/ack': { body: Alarms.AlarmCommentRequest; response: Alarms.AlarmResponse };
  'POST /api/alarms/:id/clear': { body: Alarms.AlarmCommentRequest; response: Alarms.AlarmResponse };

  'POST /api/zones/:zone/commands': { body: Control.IssueCommandRequest; response: Control.CommandResponse };
  'GET /api/commands': { query: Control.CommandQuery; response: Control.CommandResponse[] };
  'GET /api/commands/:id': { response: Control.CommandResponse };
  'GET /api/zones/:zone/schedules': { response: Control.ScheduleResponse[] };
  'POST /api/zones/:zone/schedules': {
    body: Control.CreateScheduleRequest;
    response: Control.ScheduleResponse;
  };
  'PATCH /api/zones/:zone/schedules/:id': {
    body: Control.UpdateScheduleRequest;
    response: Control.ScheduleResponse;
  };
  'DELETE /api/zones/:zone/schedules/:id': { response: null };

  'GET /api/batches': { query: Batches.BatchesQuery; response: Batches.BatchResponse[] };
  'GET /api/batches/:id': { response: Batches.BatchDetailResponse };
  'POST /api/batches': { body: Batches.CreateBatchRequest; response: Batches.BatchDetailResponse };
  'PATCH /api/batches/:id': { body: Batches.UpdateBatchRequest; response: Batches.BatchDetailResponse };
  'DELETE /api/batches/:id': { response: null };
  'POST /api/batches/:id/stages': {
    body: Batches.StageEventRequest;
    response: Batches.BatchEntryResponse;
  };
  'POST /api/batches/:id/counts': { body: Batches.CountEventRequest; response: Batches.BatchCountResponse };
  'POST /api/batches/:id/moves': { body: Batches.MoveBatchRequest; response: Batches.BatchEntryResponse };
  'POST /api/batches/:id/sow': { body: Batches.SowBatchRequest; response: Batches.BatchEntryResponse };
  'POST /api/batches/:id/graft': { body: Batches.GraftBatchRequest; response: Batches.BatchEntryResponse };
  /** A batch's climate passport as it stands now (manager, adviser). */
  'GET /api/batches/:id/passport': { response: Passports.ClimatePassportResponse };
  /** A new link for the buyer; the old one stops working (manager). */
  'POST /api/batches/:id/passport/link': { response: Passports.ClimatePassportResponse };
  'DELETE /api/batches/:id/passport/link': { response: Passports.ClimatePassportResponse };
  /** The page behind a link: the stored passport of its one batch, HTML, to anyone on the LAN. */
  'GET /api/passports/:token': { response: string };
  'POST /api/batches/:id/corrections': {
    body: Batches.CorrectionRequest;
    response: Batches.BatchEntryResponse;
  };
  'GET /api/capacity': { query: Batches.CapacityQuery; response: Batches.CapacityResponse };
  'GET /api/sowing-plan/overage': { response: Batches.SowingPlanOverageResponse };

  'GET /api/crops': { response: Crops.CropResponse[] };
  'GET /api/crops/:key': { response: Crops.CropResponse };
  'PATCH /api/crops/:key': { body: Crops.UpdateCropRequest; response: Crops.CropResponse };
  'POST /api/crops': { body: Crops.CreateCropRequest; response: Crops.CropResponse };
  'GET /api/crops/empty-house': { response: Crops.EmptyHouseResponse };
  'PUT /api/crops/empty-house': { body: Crops.EmptyHouseRequest; response: Crops.EmptyHouseResponse };
  'POST /api/crops/:key/varieties': { body: Crops.CreateVarietyRequest; response: Crops.CropResponse };
  'PATCH /api/crops/:key/varieties/:name': {
    body: Crops.UpdateVarietyRequest;
    response: Crops.CropResponse;
  };

  'POST /api/orders': { body: Orders.PlaceOrderRequest; response: Orders.OrderResponse };
  /** What placing these lines now would do: matching over the whole order, nothing reserved. */
  'POST /api/orders/dry-run': { body: Orders.PlaceOrderRequest; response: Orders.OrderDryRunResponse };
  /** What can be ordered: crops, prices and the earliest pickup dates, with the nursery's terms. */
  'GET /api/order-catalogue': { response: Orders.OrderCatalogueResponse };
  'GET /api/orders': { query: Orders.OrdersQuery; response: Orders.OrderResponse[] };
  'GET /api/orders/:id': { response: Orders.OrderResponse };
  'GET /api/orders/:id/history': { response: Orders.OrderHistoryEntry[] };
  'PATCH /api/orders/:id/lines/:lineId': { body: Orders.ChangeLineRequest; response: Orders.OrderResponse };
  'POST /api/orders/:id/confirm': { body: Orders.ConfirmLineRequest; response: Orders.OrderResponse };
  'POST /api/orders/:id/cancel': { body: Orders.CancelOrderRequest; response: Orders.OrderResponse };
  'POST /api/orders/:id/payments': { body: Orders.PaymentRequest; response: Orders.OrderResponse };
  'POST /api/orders/:id/deliveries': {
    body: Orders.DeliveryRequest;
    response: Orders.DeliveryResultResponse;
  };
  /** The printable delivery slip: HTML, not JSON. */
  'GET /api/orders/:id/deliveries/:deliveryId/slip': { response: string };
  'GET /api/availability': { query: Orders.AvailabilityQuery; response: Orders.AvailabilityResponse };
  'POST /api/walk-in-sales': { body: Orders.WalkInSaleRequest; response: Orders.DeliveryResponse };
  'GET /api/order-settings': { response: Orders.OrderSettingsResponse };
  'PATCH /api/order-settings': {
    body: Orders.UpdateOrderSettingsRequest;
    response: Orders.OrderSettingsResponse;
  };

  /** After a write timed out: did it arrive, and what did it answer (libs/contracts/src/requests.ts)? */
  'GET /api/requests/:requestId': { response: RequestCheck };
  'GET /api/modem': { response: Modem.ModemStatusResponse };
  'GET /api/system/lan': { response: System.LanAccessResponse };
  'GET /api/system/storage': { response: System.StorageLocationsResponse };
  'GET /api/system/status': { response: System.SiteStatusResponse };
  /** A zip of logs, settings without secrets, system events and versions, to send an engineer. */
  'GET /api/system/diagnostics': { response: ArrayBuffer };
  'POST /api/backups': { response: System.BackupTakenResponse };
  'GET /api/audit': { query: Audit.AuditQuery; response: Audit.AuditEntryResponse[] };

  'GET /api/reports/annual': { query: Reports.AnnualReportQuery; response: Reports.AnnualReportResponse };
  'GET /api/reports/losses': { query: Reports.LossLedgerQuery; response: Reports.LossLedgerResponse };
  'GET /api/reports/settings': { response: Reports.ReportSettingsResponse };
  'PATCH /api/reports/settings': {
    body: Reports.UpdateReportSettingsRequest;
    response: Reports.ReportSettingsResponse;
  };
  'GET /api/costs': { query: Reports.CostsQuery; response: Reports.CostResponse[] };
  'POST /api/costs': { body: Reports.CostRequest; response: Reports.CostResponse };
  'DELETE /api/costs/:id': { response: null };

  /** A photo's bytes, sent as the body with its own content type (image/jpeg, png or webp), not JSON. */
  'POST /api/photos': { body: Blob; response: Observations.PhotoResponse };
  /** A photo's bytes, to signed-in staff. */
  'GET /api/photos/:id': { response: ArrayBuffer };
  'GET /api/observations': {
    query: Observations.ObservationsQuery;
    response: Observations.ObservationResponse[];
  };
  'POST /api/observations': {
    body: Observations.CreateObservationRequest;
    response: Observations.ObservationResponse;
  };
  'POST /api/observations/:id/done': { response: Observations.ObservationResponse };
}

export type HttpRoute = keyof HttpRoutes;

type PathOf<R extends string> = R extends `${string} ${infer Path}` ? Path : never;
type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** `{ zone: string }` for `GET /api/zones/:zone/latest`: taken from the key, so the two cannot drift. */
export type RouteParams<R extends HttpRoute> = { [K in ParamNames<PathOf<R>>]: string };
export type RouteQuery<R extends HttpRoute> = HttpRoutes[R] extends { query: infer Q } ? Q : never;
export type RouteBody<R extends HttpRoute> = HttpRoutes[R] extends { body: infer B } ? B : never;
export type RouteResponse<R extends HttpRoute> = HttpRoutes[R]['response'];

/**
 * The keys at run time, for the test that compares them with the routes Nest registers. `satisfies`
 * makes this list and `HttpRoutes` name the same routes.
 */
const ROUTE_SET = {
  'POST /api/auth/login': true,
  'POST /api/auth/refresh': true,
  'POST /api/auth/logout': true,
  'GET /api/users/me': true,
  'PATCH /api/users/me': true,
  'GET /api/users': true,
  'POST /api/users': true,
  'GET /api/users/:id': true,
  'PATCH /api/users/:id': true,
  'POST /api/users/:id/disable': true,
  'POST /api/users/:id/reset-password': true,
  'GET /api/buyers/me': true,
  'GET /api/buyers': true,
  'POST /api/buyers': true,
  'GET /api/buyers/:id': true,
  'PATCH /api/buyers/:id': true,
  'GET /api/zones': true,
  'GET /api/zones/:code': true,
  'POST /api/zones': true,
  'PATCH /api/zones/:code': true,
  'GET /api/zones/:zone/benches': true,
  'POST /api/zones/:zone/benches': true,
  'PATCH /api/zones/:zone/benches/:id': true,
  'DELETE /api/zones/:zone/benches/:id': true,
  'GET /api/zones/:zone/latest': true,
  'GET /api/zones/:zone/limits': true,
  'GET /api/readings': true,
  'GET /api/readings/export': true,
  'GET /api/devices': true,
  'GET /api/devices/pending': true,
  'POST /api/devices': true,
  'POST /api/devices/:id/rotate-credentials': true,
  'POST /api/devices/:id/disable': true,
  'GET /api/devices/:id/dead-letters': true,
  'GET /api/alarms': true,
  'GET /api/alarms/history': true,
  'GET /api/alarms/settings': true,
  'PUT /api/alarms/settings/:zone': true,
  'GET /api/alarms/roster': true,
  'PUT /api/alarms/roster': true,
  'GET /api/alarms/notifications': true,
  'POST /api/alarms/robots/test': true,
  'POST /api/alarms/siren/silence': true,
  'GET /api/alarms/:id': true,
  'POST /api/alarms/:id/ack': true,
  'POST /api/alarms/:id/clear': true,
  'POST /api/zones/:zone/commands': true,
  'GET /api/commands': true,
  'GET /api/commands/:id': true,
  'GET /api/zones/:zone/schedules': true,
  'POST /api/zones/:zone/schedules': true,
  'PATCH /api/zones/:zone/schedules/:id': true,
  'DELETE /api/zones/:zone/schedules/:id': true,
  'GET /api/batches': true,
  'GET /api/batches/:id': true,
  'POST /api/batches': true,
  'PATCH /api/batches/:id': true,
  'DELETE /api/batches/:id': true,
  'POST /api/batches/:id/stages': true,
  'POST /api/batches/:id/counts': true,
  'POST /api/batches/:id/moves': true,
  'POST /api/batches/:id/sow': true,
  'POST /api/batches/:id/graft': true,
  'POST /api/batches/:id/corrections': true,
  'GET /api/batches/:id/passport': true,
  'POST /api/batches/:id/passport/link': true,
  'DELETE /api/batches/:id/passport/link': true,
  'GET /api/passports/:token': true,
  'GET /api/capacity': true,
  'GET /api/sowing-plan/overage': true,
  'GET /api/crops': true,
  'GET /api/crops/:key': true,
  'PATCH /api/crops/:key': true,
  'POST /api/crops': true,
  'GET /api/crops/empty-house': true,
  'PUT /api/crops/empty-house': true,
  'POST /api/crops/:key/varieties': true,
  'PATCH /api/crops/:key/varieties/:name': true,
  'POST /api/orders': true,
  'POST /api/orders/dry-run': true,
  'GET /api/order-catalogue': true,
  'GET /api/orders': true,
  'GET /api/orders/:id': true,
  'GET /api/orders/:id/history': true,
  'PATCH /api/orders/:id/lines/:lineId': true,
  'POST /api/orders/:id/confirm': true,
  'POST /api/orders/:id/cancel': true,
  'POST /api/orders/:id/payments': true,
  'POST /api/orders/:id/deliveries': true,
  'GET /api/orders/:id/deliveries/:deliveryId/slip': true,
  'GET /api/availability': true,
  'POST /api/walk-in-sales': true,
  'GET /api/order-settings': true,
  'PATCH /api/order-settings': true,
  'GET /api/requests/:requestId': true,
  'GET /api/modem': true,
  'GET /api/system/lan': true,
  'GET /api/system/storage': true,
  'GET /api/system/status': true,
  'GET /api/system/diagnostics': true,
  'POST /api/backups': true,
  'GET /api/audit': true,
  'GET /api/reports/annual': true,
  'GET /api/reports/losses': true,
  'GET /api/reports/settings': true,
  'PATCH /api/reports/settings': true,
  'GET /api/costs': true,
  'POST /api/costs': true,
  'DELETE /api/costs/:id': true,
  'POST /api/photos': true,
  'GET /api/photos/:id': true,
  'GET /api/observations': true,
  'POST /api/observations': true,
  'POST /api/observations/:id/done': true,
} as const satisfies Record<HttpRoute, true>;

export const HTTP_ROUTES = Object.keys(ROUTE_SET) as HttpRoute[];
