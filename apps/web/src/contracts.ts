// The browser-safe part of libs/contracts: the socket event maps and the metric registry (no ajv).
export * from '../../../libs/contracts/src/live.ts';
export * from '../../../libs/contracts/src/mqtt/metrics.ts';
export * from '../../../libs/contracts/src/mqtt/devices.ts';
export * from '../../../libs/contracts/src/requests.ts';
export * from '../../../libs/contracts/src/http/index.ts';
// The closed lists of error, constraint and alarm codes and the message catalogue (pure TS and Intl).
export * from '../../../libs/contracts/src/codes/index.ts';
export * from '../../../libs/contracts/src/messages/index.ts';
export * from '../../../libs/contracts/src/batch-entries.ts';
// The nursery's day and night, and the simulated clock's arithmetic (pure TS).
export * from '../../../libs/contracts/src/clock.ts';
