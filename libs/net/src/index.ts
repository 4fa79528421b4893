export * from './ports.js';
export * from './mqtt-listener.js';
