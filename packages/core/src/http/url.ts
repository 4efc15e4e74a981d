/**
 * The URL of a call: base URL, path template with its path arguments, and the query the one encoder
 * (`encodePostData`) writes, so what is signed is what is sent.
 *
 * Why not openapi-fetch's `createFinalURL` and `defaultPathSerializer`: with the query serializer
 * ours, what they added was the label (`{.x}`), matrix (`{;x}`) and exploded (`{x*}`) path styles,
 * which no Kraken path uses, at about 640 bytes gzipped of every browser bundle (issue 13).
 */

export const PATH_PARAM = /\{([^}]+)\}/g;

/**
 * Fills `{name}` segments of `path` with their arguments, percent-encoded (`encodeURIComponent`); an
 * array is joined with `,` as OpenAPI's simple style has it. An argument that is undefined or null
 * leaves its placeholder, as openapi-fetch did (the pre-send check refuses it first).
 */
export function fillPath(path: string, args: Readonly<Record<string, unknown>>): string {
  return path.replace(PATH_PARAM, (placeholder, name: string) => {
    const value = args[name];
    if (value == null) return placeholder;
    return Array.isArray(value) ? value.map(encodeURIComponent).join(",") : encodeURIComponent(String(value));
  });
}

/** `base + path` with its path arguments, then `?` and the encoded query unless that is empty. */
export function callUrl(
  base: string,
  path: string,
  params: { readonly query?: unknown; readonly path?: Readonly<Record<string, unknown>> },
  encode: (query: unknown) => string,
): string {
  const url = base + (params.path ? fillPath(path, params.path) : path);
  const search = encode(params.query ?? {});
  return search === "" ? url : `${url}?${search}`;
}
