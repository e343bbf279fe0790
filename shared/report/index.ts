export * from './buildReport';
export * from './coverage';
export * from './dates';
export * from './labels';
export * from './markdown';
export * from './blocks';
export * from './html';
