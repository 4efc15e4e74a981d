/**
 * The `origin` option, checked when a client is created (issue 12): `scheme://host[:port]`, http or
 * https, nothing else. An origin with a path (the mock exchange's `url`, which already ends in the
 * base path) used to reach the server as `/derivatives/api/v3/derivatives/api/v3/...` and come back as
 * a misleading `notFound`; a query or fragment would change every URL. User info is refused too, and
 * never repeated in the message.
 */

const PREFIX = "origin must be scheme://host[:port] without a path";

/**
 * The origin without a trailing slash, as URLs are built from it.
 *
 * @throws {TypeError} naming what is wrong and, where it can, the origin to pass instead.
 */
export function parseOrigin(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TypeError(`${PREFIX}, such as "https://futures.kraken.com": got a string that is not a URL`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(`${PREFIX} or user info: remove the user info`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`${PREFIX}, over http: or https:, not ${url.protocol}`);
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    throw new TypeError(
      `${PREFIX}: got the path "${url.pathname.replace(/\/+$/, "")}"; pass "${url.origin}" (the client adds each API's base path)`,
    );
  }
  if (url.search !== "" || url.hash !== "" || input.includes("?") || input.includes("#")) {
    throw new TypeError(`${PREFIX}, query or fragment: pass "${url.origin}"`);
  }
  return url.origin;
}
