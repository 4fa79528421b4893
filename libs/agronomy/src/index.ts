export * from './calendar.js';
export * from './crops.js';
export * from './planning.js';
