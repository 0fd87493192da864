export * from './organizations.js';
export * from './programs.js';
export * from './platform.js';
