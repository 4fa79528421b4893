export * from './error-codes.js';
export * from './constraints.js';
export * from './alarm-codes.js';
export * from './cull-causes.js';
export * from './dead-letter-reasons.js';
