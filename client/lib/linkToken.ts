/**
 * A board's or a space's link carries its token in the fragment (`#token=…`), which browsers never send to a server.
 * Read, not taken, on the first render (React may throw a first render away and run it again: it must find it again);
 * then out of the address bar, so it is not shown, bookmarked or shared by accident.
 */
export const tokenInLink = (): string | undefined => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;

/** Takes the token out of the address bar (once the page has read it). */
export function hideTokenInLink(): void {
  if (tokenInLink()) window.history.replaceState(null, '', window.location.pathname);
}
