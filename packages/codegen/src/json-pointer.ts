// The one `$ref` resolver of the generators: local JSON pointers in a bundled document (OpenAPI 3.1 or
// AsyncAPI 3.0; the bundler leaves only `#/...` refs), and the component a ref chain ends at.

/** The node a local JSON pointer (`#/components/schemas/X`) names in `document`, or undefined. */
export function resolveRef(document: object, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local refs are expected in a bundle, got ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

/** `node` with every `$ref` followed (a cycle stops at the last node reached). */
export function deref<T>(document: object, node: T): T {
  let s: unknown = node;
  const seen = new Set<string>();
  while (s && typeof s === "object" && typeof (s as { $ref?: unknown }).$ref === "string") {
    const ref = (s as { $ref: string }).$ref;
    if (seen.has(ref)) break;
    seen.add(ref);
    s = resolveRef(document, ref);
  }
  return s as T;
}

/**
 * The name under `components/` that a `$ref` reaches. A ref elsewhere (an AsyncAPI channel's message,
 * `#/channels/x/messages/y`) is followed until it reaches a component, because the generators name
 * types and tables after components.
 */
export function componentName(document: object, ref: unknown): string {
  if (typeof ref !== "string" || !ref.startsWith("#/")) throw new Error(`unexpected $ref ${String(ref)}`);
  const path = ref.slice(2).split("/");
  if (path[0] === "components") return path[path.length - 1]!;
  const target = resolveRef(document, ref) as { $ref?: unknown } | undefined;
  if (!target?.$ref) throw new Error(`$ref ${ref} does not lead to a component`);
  return componentName(document, target.$ref);
}

/** The last segment of a local JSON pointer (`#/servers/production` → `production`), unescaped. */
export function pointerLeaf(ref: string): string {
  if (!ref.startsWith("#/")) throw new Error(`unexpected $ref ${ref}`);
  const last = ref.slice(ref.lastIndexOf("/") + 1);
  return last.replace(/~1/g, "/").replace(/~0/g, "~");
}
