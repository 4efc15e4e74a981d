// Turns the raw results of every benchmark into rows with ratios and targets, and renders them.
// A ratio is always "this SDK's figure / the other's figure"; whether lower or higher is better is
// written in the unit column. Targets are the latest an issue set (7, then 13 for REST and the v1
// book, 16 for the UWS rows); a row without a target is context.

/**
 * @typedef {{ benchmark: string, unit: string, better: "lower" | "higher", sdk?: number, floor?: number,
 *   ccxt?: number, floorLabel?: string, ratioFloor?: number, ratioCcxt?: number, target?: string,
 *   met?: boolean, note?: string }} Row
 */

const r2 = (/** @type {number} */ x) => Math.round(x * 100) / 100;
/** @param {number | undefined} a @param {number | undefined} b */
const ratio = (a, b) => (typeof a === "number" && typeof b === "number" && b > 0 ? r2(a / b) : undefined);
/** @param {any} entry @param {string} key */
const figure = (entry, key) => (entry && typeof entry[key] === "number" ? entry[key] : undefined);

/**
 * One row: `sdk` against `floor` and `ccxt`, with the ratios and, when `meets` is given, whether the
 * target is met.
 * @param {{ benchmark: string, unit: string, better: "lower" | "higher", sdk?: number, floor?: number,
 *   ccxt?: number, floorLabel?: string, target?: string, meets?: (ratioFloor: number, ratioCcxt: number) => boolean,
 *   note?: string }} input
 * @returns {Row}
 */
function row(input) {
  const { meets, ...rest } = input;
  const ratioFloor = ratio(input.sdk, input.floor);
  const ratioCcxt = ratio(input.sdk, input.ccxt);
  const met =
    // A row without a ccxt figure (ccxt has no UWS client) is judged on the floor alone.
    meets && ratioFloor !== undefined && (ratioCcxt !== undefined || !("ccxt" in input))
      ? meets(ratioFloor, /** @type {number} */ (ratioCcxt))
      : undefined;
  return { ...rest, ratioFloor, ratioCcxt, met };
}

/** @param {Record<string, any>} raw @returns {Row[]} */
export function summarize(raw) {
  /** @type {Row[]} */
  const rows = [];
  const rest = raw.rest?.contenders ?? {};
  const restUnit = "µs per call, lower is better";
  const restFloor = figure(rest.floor, "medianUs");
  const restCcxt = figure(rest.ccxt, "medianUs");
  const restSdk = figure(rest.sdk, "medianUs");
  rows.push(
    row({
      benchmark: "REST signed sendorder round trip (median)",
      unit: restUnit,
      better: "lower",
      sdk: restSdk,
      floor: restFloor,
      ccxt: restCcxt,
      target: "≤ 1.15× floor and < ccxt",
      meets: (toFloor, toCcxt) => toFloor <= 1.15 && toCcxt < 1,
      note: rest.sdk?.error,
    }),
  );
  rows.push(
    row({
      benchmark: "REST: client process CPU per call, same runs (median of rounds)",
      unit: "µs CPU per call, lower is better",
      better: "lower",
      sdk: figure(rest.sdk, "clientCpuUs"),
      floor: figure(rest.floor, "clientCpuUs"),
      ccxt: figure(rest.ccxt, "clientCpuUs"),
    }),
  );
  const validating = rest["sdk + validation"];
  if (validating !== undefined) {
    const validated = figure(validating, "medianUs");
    rows.push(
      row({
        benchmark: "REST sendorder with response validation on (median)",
        unit: restUnit,
        better: "lower",
        sdk: validated,
        floor: restFloor,
        ccxt: restCcxt,
        note:
          validating.error ??
          (validated !== undefined && restSdk !== undefined
            ? `validation adds ${r2(validated - restSdk)} µs per call`
            : undefined),
      }),
    );
  }
  const burst = rest["sdk ×20 concurrent"];
  if (burst !== undefined) {
    const floorBurst = rest["floor ×20 concurrent"];
    rows.push(
      row({
        benchmark: "REST: burst of 20 concurrent sendorders of one key (median)",
        unit: "µs per burst, lower is better",
        better: "lower",
        sdk: figure(burst, "medianUs"),
        floor: figure(floorBurst, "medianUs"),
        floorLabel: "floor: 16 sockets, any order",
        note:
          burst.error ??
          `requests below the running nonce maximum at the server (warm-up): this SDK ${burst.warmupSignatures?.outOfOrder}, floor ${floorBurst?.warmupSignatures?.outOfOrder}`,
      }),
    );
  }
  const ws = raw.ws?.contenders ?? {};
  rows.push(
    row({
      benchmark: "WebSocket book updates applied (median)",
      unit: "updates per second, higher is better",
      better: "higher",
      sdk: figure(ws.sdk, "updatesPerSecond"),
      floor: figure(ws.floor, "updatesPerSecond"),
      ccxt: figure(ws.ccxt, "updatesPerSecond"),
      target: "≥ 0.86× floor and > ccxt",
      meets: (toFloor, toCcxt) => toFloor >= 0.86 && toCcxt > 1,
      note: ws.sdk?.error,
    }),
  );
  const uwsOrder = raw["uws-order"]?.contenders ?? {};
  const uwsSdk = uwsOrder["sdk uws addOrder"];
  const uwsRest = uwsOrder["sdk rest sendorder"];
  rows.push(
    row({
      benchmark: "UWS add_order → ack round trip (median)",
      unit: "µs per call, lower is better",
      better: "lower",
      sdk: figure(uwsSdk, "medianUs"),
      floor: figure(uwsOrder["ws floor"], "medianUs"),
      floorLabel: "hand-written ws",
      target: "≤ 1.15× floor",
      meets: (toFloor) => toFloor <= 1.15,
      note:
        uwsSdk?.error ??
        (uwsRest === undefined
          ? undefined
          : `this SDK's REST signed sendorder on the same host: ${figure(uwsRest, "medianUs")} µs (${ratio(figure(uwsSdk, "medianUs"), figure(uwsRest, "medianUs"))}× of it)`),
    }),
  );
  rows.push(
    row({
      benchmark: "UWS add_order: client process CPU per call (median of rounds)",
      unit: "µs CPU per call, lower is better",
      better: "lower",
      sdk: figure(uwsSdk, "clientCpuUs"),
      floor: figure(uwsOrder["ws floor"], "clientCpuUs"),
      floorLabel: "hand-written ws",
    }),
  );
  const uwsBook = raw["uws-book"]?.contenders ?? {};
  rows.push(
    row({
      benchmark: "UWS book updates applied with checksum verification (median)",
      unit: "updates per second, higher is better",
      better: "higher",
      sdk: figure(uwsBook.sdk, "updatesPerSecond"),
      floor: figure(uwsBook.floor, "updatesPerSecond"),
      floorLabel: "floor: ws + JSON.parse + Map, no verification",
      ccxt: figure(uwsBook.ccxt, "updatesPerSecond"),
      target: "≥ 0.9× floor and > ccxt (v1 book)",
      meets: (toFloor, toCcxt) => toFloor >= 0.9 && toCcxt > 1,
      note: uwsBook.sdk?.error ?? uwsBook.floor?.error ?? uwsBook.ccxt?.error,
    }),
  );
  const startup = raw.startup?.contenders ?? {};
  const bare = { floorLabel: "bare node -e 0", better: /** @type {const} */ ("lower") };
  for (const name of ["rest + auth", "auth", "rest", "ws", "bare node (ESM eval)"]) {
    if (startup[name] === undefined) continue;
    const isTarget = name === "rest + auth";
    rows.push(
      row({
        ...bare,
        benchmark:
          name === "bare node (ESM eval)"
            ? "Start-up: bare node --input-type=module -e 0 (the ESM loader alone, for reference)"
            : `Start-up: import ${name} in a fresh node (median)`,
        unit: "ms, lower is better",
        sdk: figure(startup[name], "medianMs"),
        floor: figure(startup["bare node"], "medianMs"),
        ccxt: figure(startup.ccxt, "medianMs"),
        target: isTarget ? "≤ 1.5× bare node" : undefined,
        meets: isTarget ? (toFloor) => toFloor <= 1.5 : undefined,
        note: startup[name]?.error,
      }),
    );
  }
  const cpuOfRestAuth = figure(startup["rest + auth"], "cpuMs");
  if (cpuOfRestAuth !== undefined) {
    rows.push(
      row({
        ...bare,
        benchmark: "Start-up: CPU time of the process importing rest + auth (median)",
        unit: "ms CPU, lower is better",
        sdk: cpuOfRestAuth,
        floor: figure(startup["bare node"], "cpuMs"),
        ccxt: figure(startup.ccxt, "cpuMs"),
      }),
    );
  }
  for (const name of ["rest + auth", "auth", "rest", "ws"]) {
    const value = figure(startup[name], "peakRssMiB");
    if (value === undefined) continue;
    rows.push(
      row({
        ...bare,
        benchmark: `Start-up: peak RSS after importing ${name} (median)`,
        unit: "MiB, lower is better",
        sdk: value,
        floor: figure(startup["bare node"], "peakRssMiB"),
        ccxt: figure(startup.ccxt, "peakRssMiB"),
      }),
    );
  }
  const size = raw.size?.contenders ?? {};
  for (const [name, entry] of Object.entries(size)) {
    const gzip = figure(entry, "gzipBytes");
    const budget = figure(entry, "budgetGzipBytes");
    rows.push({
      ...row({
        benchmark: `Browser bundle: ${name} (esbuild, minified + gzip)`,
        unit: "bytes, lower is better",
        better: "lower",
        sdk: gzip,
        target: budget !== undefined ? `≤ ${budget} bytes (bench/budgets.json)` : undefined,
        note:
          entry?.error ?? (entry?.minBytes !== undefined ? `${entry.minBytes} bytes minified` : undefined),
      }),
      met: gzip !== undefined && budget !== undefined ? gzip <= budget : undefined,
    });
  }
  const sign = raw.sign?.contenders ?? {};
  rows.push(
    row({
      benchmark: "Signing: Authent signatures (median)",
      unit: "signatures per second, higher is better",
      better: "higher",
      sdk: figure(sign.sdk, "signaturesPerSecond"),
      floor: figure(sign.floor, "signaturesPerSecond"),
      floorLabel: "node:crypto inline",
      ccxt: figure(sign.ccxt, "signaturesPerSecond"),
      note: sign.sdk?.error,
    }),
  );
  for (const [name, value] of Object.entries(raw)) {
    if (value?.error)
      rows.push({ benchmark: `${name}: did not finish`, unit: "", better: "lower", note: value.error });
  }
  return rows;
}

/** @param {number | undefined} value */
function cell(value) {
  if (value === undefined) return "—";
  return value >= 1000 ? Math.round(value).toLocaleString("en-US") : String(value);
}

/** @param {{ machine: Record<string, any>, summary: Row[] }} report */
export function renderMarkdown(report) {
  const m = report.machine;
  const lines = [
    `Measured ${m.date.slice(0, 10)} on ${m.nproc} cores (${m.cpuModel}), Node ${m.node}, ${m.platform}; ` +
      `load average at start ${m.loadAverageAtStart.join(" / ")}; whole run ${m.totalSeconds} s. ` +
      "Ratios are this SDK's figure divided by the other's.",
    "",
    "| Benchmark | Unit | This SDK | Floor | ccxt 4.5.84 | This / floor | This / ccxt | Target | Met |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
  ];
  for (const row of report.summary) {
    const floor =
      row.floor === undefined ? "—" : `${cell(row.floor)}${row.floorLabel ? ` (${row.floorLabel})` : ""}`;
    const met = row.met === undefined ? (row.target ? "not measured" : "") : row.met ? "yes" : "**no**";
    const name = row.note
      ? `${row.benchmark} — ${row.note.replace(/\|/g, "\\|").replace(/\n/g, " ")}`
      : row.benchmark;
    lines.push(
      `| ${name} | ${row.unit} | ${cell(row.sdk)} | ${floor} | ${cell(row.ccxt)} | ${cell(row.ratioFloor)} | ` +
        `${cell(row.ratioCcxt)} | ${row.target ?? ""} | ${met} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
