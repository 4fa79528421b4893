import type { DeadLetterReason } from '../codes/dead-letter-reasons.js';
import type { DeviceKind } from '../mqtt/devices.js';

/** A dead letter's reason in plain words, for the device panel (the detail stays technical). */
export const DEAD_LETTER_MESSAGES: { readonly [R in DeadLetterReason]: { zh: string; en: string } } = {
  invalid_topic: { zh: '消息主题格式不对', en: 'The message topic is malformed' },
  payload_too_large: { zh: '消息太大', en: 'The message is too large' },
  invalid_json: { zh: '消息不是有效的 JSON', en: 'The message is not valid JSON' },
  invalid_payload: { zh: '消息格式不对', en: 'The message does not have the expected form' },
  too_many_samples: { zh: '一条消息里的数据点太多', en: 'Too many samples in one message' },
  unknown_metric: { zh: '有系统不认识的测量项', en: 'A measurement the system does not know' },
  wrong_type: { zh: '数值类型不对', en: 'A value of the wrong type' },
  out_of_range: { zh: '数值超出传感器量程', en: "A value outside the sensor's range" },
  not_finite: { zh: '数值无效', en: 'A value that is not a number' },
  invalid_timestamp: { zh: '时间戳无效', en: 'An invalid time stamp' },
  too_far_ahead: {
    zh: '时间比服务器快太多（设备时钟不准）',
    en: "Time stamp too far ahead (the device's clock is wrong)",
  },
  too_old: { zh: '数据太旧，超过了保存期限', en: 'Readings older than the system keeps' },
  unknown_device: { zh: '设备未注册', en: 'The device is not registered' },
  device_disabled: { zh: '设备已停用', en: 'The device is disabled' },
  no_values: { zh: '消息里没有数据', en: 'The message carries no values' },
  unstorable: { zh: '无法保存', en: 'Could not be stored' },
};

/** What a kind of device is, in words (the device panel, the roster's notices). */
export const DEVICE_KIND_MESSAGES: { readonly [K in DeviceKind]: { zh: string; en: string } } = {
  env: { zh: '环境传感器', en: 'Climate sensor' },
  substrate: { zh: '基质传感器', en: 'Substrate sensor' },
  heater: { zh: '加温设备', en: 'Heater' },
  boom: { zh: '灌溉车', en: 'Irrigation boom' },
  'bench-heat': { zh: '苗床加温', en: 'Bench heat' },
  weather: { zh: '气象站', en: 'Weather station' },
  gateway: { zh: '网关', en: 'Gateway' },
  siren: { zh: '警报器', en: 'Siren' },
};
