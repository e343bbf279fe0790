export * from './checks';
export * from './draft';
export * from './contact';
