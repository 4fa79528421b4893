import type { IsoDateTime } from './common.js';

export type AlarmState = 'pending' | 'active' | 'acknowledged' | 'cleared';
export type Severity = 'advisory' | 'warning' | 'critical';

/** Batches, orders and villages an alarm puts at risk, captured when it was raised. */
export interface AlarmImpact {
  batches: { id: string; code: string; crop: string; stage: string }[];
  orders: { id: string; number: number; buyer: string; village: string }[];
  villages: string[];
}

/** One alarm of one rule (kebab-case code such as `dry-substrate`) on one subject in one zone. */
export interface AlarmResponse {
  id: string;
  rule: string;
  site: string;
  zone: string;
  /** The device of a sensor alarm, the batch of an over-age alarm; '' for zone-wide rules. */
  subject: string;
  state: AlarmState;
  severity: Severity;
  message: string;
  value: number | null;
  threshold: number | null;
  /**
   * The rule's parameters (codes/alarm-codes.ts AlarmRuleParams) for its text in the reader's
   * language; null on alarms from before they were stored (read them through `alarmParams`).
   */
  params: Record<string, unknown> | null;
  /** Pending since, then raised at. */
  since: IsoDateTime;
  raisedAt: IsoDateTime | null;
  clearSince: IsoDateTime | null;
  impact: AlarmImpact | null;
  acknowledgedAt: IsoDateTime | null;
  acknowledgedBy: string | null;
  acknowledgedByUserId: string | null;
  ackComment: string | null;
  clearedAt: IsoDateTime | null;
  clearedBy: string | null;
  clearComment: string | null;
  lastNotifiedAt: IsoDateTime | null;
  notifyCount: number;
  escalationLevel: number;
  escalatedAt: IsoDateTime | null;
}

/** `cancelled`: a fallback SMS whose robot delivery went through before the fallback was due. */
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'cancelled';
/** A group robot (needs the internet), or the modem's SMS and calls (need none). */
export type NotificationChannel = 'robot' | 'sms' | 'call';
export type WebhookFormat = 'json' | 'wecom' | 'dingtalk';
export type Shift = 'day' | 'night' | 'always';

export interface AlarmNotificationResponse {
  id: string;
  /** Null for the morning message, which belongs to no alarm. */
  alarmId: string | null;
  /** `downtime`, `downtime-gaps`: the server's own outage (its alarmId is the unclean-restart alarm's). */
  reason: 'raised' | 'renotify' | 'escalated' | 'cleared' | 'morning' | 'downtime' | 'downtime-gaps';
  recipient: string;
  channel: NotificationChannel;
  /** The robot's webhook URL, or `tel:<phone>` for an SMS or a call. */
  url: string;
  format: WebhookFormat;
  body: Record<string, unknown>;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  createdAt: IsoDateTime;
  nextAttemptAt: IsoDateTime | null;
  sentAt: IsoDateTime | null;
}

export interface AlarmDetailResponse extends AlarmResponse {
  notifications: AlarmNotificationResponse[];
}

export interface AlarmQuery {
  /** Comma-separated states; the open ones by default. */
  state?: string;
  zone?: string;
  rule?: string;
  limit?: number;
  before?: IsoDateTime;
}

export interface AlarmCommentRequest {
  comment: string;
}

export interface RuleOverride {
  enabled?: boolean;
  onDelayMs?: number;
  offDelayMs?: number;
}

export interface AlarmSettingResponse {
  id: string;
  zone: string;
  /** '' for the whole zone, else an agronomy stage. */
  stage: string;
  thresholds: Record<string, number | boolean | undefined>;
  rules: Record<string, RuleOverride | undefined>;
  updatedAt: IsoDateTime;
  updatedBy: string;
}

export interface AlarmSettingRequest {
  stage?: string;
  thresholds?: Record<string, number | boolean>;
  rules?: Record<string, RuleOverride>;
}

export interface RosterEntryResponse {
  id: string;
  position: number;
  name: string;
  userId: string | null;
  phone: string | null;
  shift: Shift;
  webhookUrl: string | null;
  webhookFormat: WebhookFormat;
  /** A DingTalk robot's signing secret (加签); null when it has none. */
  webhookSecret: string | null;
  minSeverity: Severity;
}

export interface RosterEntryRequest {
  name: string;
  userId?: string;
  phone?: string;
  shift: Shift;
  webhookUrl?: string;
  webhookFormat?: WebhookFormat;
  webhookSecret?: string;
  minSeverity?: Severity;
}

export interface RosterRequest {
  entries: RosterEntryRequest[];
}

export interface NotificationQuery {
  status?: NotificationStatus;
}

/** A test message to one robot of the roster, before anyone relies on it. */
export interface RobotTestRequest {
  webhookUrl: string;
  webhookFormat: WebhookFormat;
  /** A DingTalk robot's signing secret (加签): the test is signed as alarms will be. */
  webhookSecret?: string;
  /** Mentioned in the WeCom / DingTalk message, as an alarm would. */
  phone?: string;
}

/** What the robot answered: `ok` as the outbox judges a delivery (HTTP 2xx and errcode 0). */
export interface RobotTestResponse {
  ok: boolean;
  /** The HTTP status, null when the robot could not be reached. */
  status: number | null;
  /** The robot's answer (the first 500 characters), or why it could not be reached. */
  answer: string;
}
