// The engine's types, from the two modules that hold them: run results (what reports read) and the check API.
export * from './result.js';
export * from './check-api.js';
