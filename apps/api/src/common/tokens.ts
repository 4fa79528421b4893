/** Injection tokens for values the boot sequence provides (config, clock, runtime services). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const RUNTIME_SERVICES = Symbol('RUNTIME_SERVICES');
