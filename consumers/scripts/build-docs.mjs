// Renders browsable docs into docs/build/ (gitignored): Redocly's build-docs page for each bundled OpenAPI
// document, and a page of our own for each AsyncAPI document (WebSocket v1, Unified WebSocket), built from the document as
// @asyncapi/parser reads it (the AsyncAPI HTML template downloads a browser at install, which fails here).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundledPath, consumersDir, docsBuildDir, OPENAPI_DOCUMENTS, readBundled } from "./paths.mjs";

const esc = (s) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );

/** `redocly build-docs` of every bundled OpenAPI document; returns the written pages. */
export function buildOpenApiDocs() {
  mkdirSync(docsBuildDir, { recursive: true });
  return OPENAPI_DOCUMENTS.map((surface) => {
    const output = join(docsBuildDir, `${surface}.html`);
    execFileSync(
      join(consumersDir, "node_modules/.bin/redocly"),
      ["build-docs", bundledPath(`${surface}.openapi.json`), "--output", output],
      {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    return { surface, output };
  });
}

function typeOf(schema) {
  const s = schema.json();
  if (s.const !== undefined) return `const ${JSON.stringify(s.const)}`;
  if (s.enum) return `enum ${s.enum.map((v) => JSON.stringify(v)).join(" | ")}`;
  if (s.type) {
    const t = Array.isArray(s.type) ? s.type.join(" | ") : s.type;
    if (t === "array" && schema.items() && !Array.isArray(schema.items()))
      return `array of ${typeOf(schema.items())}`;
    return t;
  }
  const parts = schema.oneOf() ?? schema.anyOf() ?? schema.allOf();
  if (parts) return parts.map((p) => p.title() ?? typeOf(p)).join(" | ");
  return "any";
}

/** Payload fields, nested objects (and arrays of objects) flattened to dotted names, three levels deep. */
function fields(schema, prefix = "", depth = 0, out = []) {
  const properties = { ...schema.properties() };
  for (const part of schema.allOf() ?? []) Object.assign(properties, part.properties());
  const required = new Set([
    ...(schema.required() ?? []),
    ...(schema.allOf() ?? []).flatMap((p) => p.required() ?? []),
  ]);
  for (const [name, prop] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    out.push({
      name: path,
      type: typeOf(prop),
      required: required.has(name),
      description: prop.description(),
    });
    if (depth >= 2) continue;
    const items = prop.items();
    const nested = prop.type() === "array" && items && !Array.isArray(items) ? items : prop;
    if (Object.keys(nested.properties() ?? {}).length > 0) {
      fields(nested, `${path}${nested === prop ? "." : "[]."}`, depth + 1, out);
    }
  }
  return out;
}

/** What kind of channel it is (`x-uws`: a channel or a method, public or private, token) and its servers. */
function channelKind(channel) {
  const uws = channel.extensions().get("x-uws")?.value();
  const servers = channel
    .servers()
    .all()
    .map((s) => `<code>${esc(s.id())}</code>`)
    .join(", ");
  const kind = uws
    ? `${esc(uws.kind)}, ${esc(uws.access)}${uws.token ? ", needs a token" : ""}${uws.perConnection ? `, ${esc(uws.perConnection)} subscription per connection` : ""}; `
    : "";
  return `${kind}servers: ${servers}`;
}

/** The AsyncAPI documents that get a page of their own: `<name>.html` from `<name>.asyncapi.json`. */
export const ASYNCAPI_DOCUMENTS = ["ws", "uws"];

/** The page of one AsyncAPI document (`ws` by default), from the parsed document; returns what it lists. */
export async function buildAsyncApiDocs(surface = "ws") {
  const { Parser } = await import("@asyncapi/parser");
  const raw = readBundled(`${surface}.asyncapi.json`);
  const { document, diagnostics } = await new Parser().parse(JSON.stringify(raw));
  if (!document) {
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join(".")}: ${d.message}`);
    throw new Error(`the AsyncAPI document does not parse: ${errors.join("; ")}`);
  }
  const info = document.info();
  const channels = document.channels().all();
  const operations = document.operations().all();
  const messages = document.components().messages().all();

  // A channel's (and so an operation's) message is keyed by its place in the channel (`subscribe`); its
  // section is keyed by the component name, which every message also carries as `name`.
  const messageLink = (m) => `<a href="#message-${esc(m.name() ?? m.id())}">${esc(m.id())}</a>`;
  const channelHtml = channels
    .map(
      (c) => `<section class="channel" id="channel-${esc(c.id())}">
  <h3>${esc(c.id())} <code>${esc(c.address() ?? "")}</code></h3>
  <p class="channel-kind">${channelKind(c)}</p>
  <p>${esc(c.description() ?? c.title() ?? "")}</p>
  <p>Messages: ${c
    .messages()
    .all()
    .map((m) => messageLink(m))
    .join(", ")}</p>
</section>`,
    )
    .join("\n");
  const operationHtml = operations
    .map((o) => {
      const reply = o.reply();
      const replies = reply ? reply.messages().all() : [];
      return `<tr class="operation" id="operation-${esc(o.id())}">
  <td><code>${esc(o.id())}</code></td><td>${esc(o.action())}</td>
  <td>${o
    .channels()
    .all()
    .map((c) => esc(c.id()))
    .join(", ")}</td>
  <td>${o
    .messages()
    .all()
    .map((m) => messageLink(m))
    .join(", ")}</td>
  <td>${replies.map((m) => messageLink(m)).join(", ")}</td>
  <td>${esc(o.summary() ?? o.title() ?? "")}</td>
</tr>`;
    })
    .join("\n");
  const messageHtml = messages
    .map((m) => {
      const payload = m.payload();
      const rows = payload
        ? fields(payload)
            .map(
              (f) =>
                `<tr><td><code>${esc(f.name)}</code></td><td>${esc(f.type)}</td><td>${f.required ? "yes" : ""}</td><td>${esc(f.description ?? "")}</td></tr>`,
            )
            .join("\n")
        : "";
      const examples = m
        .examples()
        .all()
        .map(
          (e) =>
            `<figure><figcaption>${esc(e.name() ?? "example")}${e.summary() ? `: ${esc(e.summary())}` : ""}</figcaption><pre>${esc(JSON.stringify(e.payload(), null, 2))}</pre></figure>`,
        )
        .join("\n");
      return `<section class="message" id="message-${esc(m.id())}">
  <h3>${esc(m.id())}${m.title() ? ` <small>${esc(m.title())}</small>` : ""}</h3>
  <p>${esc(m.summary() ?? "")}</p>
  <p class="payload-name">Payload: <code>${esc(payload?.title() ?? payload?.id() ?? "")}</code></p>
  <table class="fields"><thead><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr></thead>
  <tbody>${rows}</tbody></table>
  ${examples}
</section>`;
    })
    .join("\n");

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(info.title())} ${esc(info.version())}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;display:flex}
nav{width:260px;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f5f7;padding:12px;box-sizing:border-box;font-size:13px}
nav a{display:block;color:#234;text-decoration:none;padding:1px 0}
main{flex:1;padding:16px 32px;max-width:1100px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}
td,th{border:1px solid #ccd;padding:3px 6px;text-align:left;vertical-align:top}
pre{background:#1e2430;color:#e8eef7;padding:8px;overflow:auto;font-size:12px}
section.message{border-top:1px solid #dde;padding-top:8px}
figcaption{font-size:12px;color:#556}
</style></head><body>
<nav><strong>${esc(info.title())}</strong>
<p>Channels</p>${channels.map((c) => `<a href="#channel-${esc(c.id())}">${esc(c.id())}</a>`).join("")}
<p>Operations</p>${operations.map((o) => `<a href="#operation-${esc(o.id())}">${esc(o.id())}</a>`).join("")}
<p>Messages</p>${messages.map((m) => `<a href="#message-${esc(m.id())}">${esc(m.id())}</a>`).join("")}
</nav>
<main>
<h1>${esc(info.title())} <small>${esc(info.version())}</small></h1>
<p>${esc(info.description() ?? "")}</p>
<p>AsyncAPI ${esc(document.version())}; servers: ${document
    .servers()
    .all()
    .map((s) => `<code>${esc(s.protocol())}://${esc(s.host())}${esc(s.pathname() ?? "")}</code>`)
    .join(", ")}</p>
<h2>Channels</h2>
${channelHtml}
<h2>Operations</h2>
<table class="operations"><thead><tr><th>operation</th><th>action</th><th>channel</th><th>messages</th><th>reply</th><th>summary</th></tr></thead>
<tbody>${operationHtml}</tbody></table>
<h2>Messages</h2>
${messageHtml}
</main></body></html>
`;
  mkdirSync(docsBuildDir, { recursive: true });
  const output = join(docsBuildDir, `${surface}.html`);
  writeFileSync(output, html);
  return {
    output,
    channels: channels.map((c) => c.id()),
    operations: operations.map((o) => o.id()),
    messages: messages.map((m) => m.id()),
  };
}

/** Every page, plus an index linking them. */
export async function buildDocs() {
  const openapi = buildOpenApiDocs();
  const ws = await buildAsyncApiDocs("ws");
  const uws = await buildAsyncApiDocs("uws");
  const links = [...openapi.map((p) => p.surface), ...ASYNCAPI_DOCUMENTS]
    .map((name) => `<li><a href="${name}.html">${name}</a></li>`)
    .join("");
  writeFileSync(
    join(docsBuildDir, "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kraken Futures API docs</title></head><body><h1>Kraken Futures API docs</h1><ul>${links}</ul></body></html>\n`,
  );
  return { openapi, ws, uws };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { openapi, ws, uws } = await buildDocs();
  for (const p of openapi) console.log(`wrote ${p.output}`);
  for (const page of [ws, uws]) {
    console.log(
      `wrote ${page.output}: ${page.operations.length} operations, ${page.messages.length} messages`,
    );
  }
}
