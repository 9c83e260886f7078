/**
 * A cookie the page can read (not HttpOnly, no secret in it), set and cleared with the refresh cookie: it tells the
 * client that a session may be restored, so that an anonymous visitor's page does not ask for one (a refused
 * request in every visitor's console) and knows at once that nobody is signed in.
 */
export const SESSION_HINT_COOKIE = 'ft_session';
