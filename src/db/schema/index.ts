export * from './organizations.js';
export * from './programs.js';
export * from './platform.js';
export * from './partners.js';
export * from './vouchers.js';
export * from './password-resets.js';
export * from './events.js';
export * from './integrations.js';
