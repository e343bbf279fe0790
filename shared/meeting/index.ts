export * from './meeting';
export * from './commands';
export * from './applyCommand';
export * from './wire';
export * from './sentLetters';
