export * from './app-config.js';
export * from './test-config.js';
export { redact } from './env-parsers.js';
