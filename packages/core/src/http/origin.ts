/**
 * The `origin` option, checked when a client is created (issue 12): `scheme://host[:port]`, http or
 * https, nothing else. An origin with a path (the mock exchange's `url`, which already ends in the
 * base path) used to reach the server as `/derivatives/api/v3/derivatives/api/v3/...` and come back as
 * a misleading `notFound`; a query or fragment would change every URL. User info is refused too, and
 * never repeated in the message.
 */

/**
 * The origin without a trailing slash, as URLs are built from it.
 *
 * @throws {TypeError} saying what an origin is and, where it can, the origin to pass instead.
 */
export function parseOrigin(input: string): string {
  let url: URL | undefined;
  try {
    url = new URL(input);
  } catch {}
  const web = url !== undefined && (url.protocol === "http:" || url.protocol === "https:");
  if (web && url!.username + url!.password === "" && url!.pathname === "/" && !/[?#]/.test(input)) {
    return url!.origin;
  }
  throw new TypeError(
    `origin must be http(s)://host[:port] without a path, query, fragment or user info (the client adds each API's base path)${web ? `: pass "${url!.origin}"` : ""}`,
  );
}
