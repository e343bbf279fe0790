import '@testing-library/jest-dom/vitest';

// jsdom lays nothing out, so it has no scrolling into view; the app asks for it (a list follows its selection).
if (typeof Element !== 'undefined') Element.prototype.scrollIntoView ??= () => undefined;
