// The browser-safe part of libs/contracts: the socket event maps and the metric registry (no ajv).
export * from '../../../libs/contracts/src/live.ts';
export * from '../../../libs/contracts/src/mqtt/metrics.ts';
