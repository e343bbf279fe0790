export * from './drawTree';
export * from './layoutTree';
export * from './treeSvg';
export * from './wrapText';
