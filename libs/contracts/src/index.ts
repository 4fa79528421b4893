export * from './clock.js';
export * from './mqtt/topics.js';
export * from './mqtt/metrics.js';
export * from './mqtt/devices.js';
export * from './mqtt/payloads.js';
export * from './mqtt/commands.js';
export * from './mqtt/validators.js';
export * from './live.js';
