export * from './checks';
export * from './draft';
