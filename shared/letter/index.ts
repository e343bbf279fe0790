export * from './checks';
export * from './leaks';
export * from './draft';
export * from './contact';
