/*
 * Test data that is valid by construction: every factory parses its result with the contract
 * schema, so a fixture can never drift from what the server really sends.
 */
export * from './fixtures/catalog.ts';
export * from './fixtures/monitoring.ts';
export * from './fixtures/usage.ts';
