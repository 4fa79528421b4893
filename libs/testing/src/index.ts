export * from './broker.js';
export * from './database.js';
export * from './mosquitto.js';
export * from './programs.js';
export * from './wait.js';
export * from './containers.js';
export * from './modem.js';
export * from './chromium.js';
