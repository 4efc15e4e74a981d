/**
 * What the mock's connections need of their server-side socket (a `ws` WebSocket). Structural, so the
 * published declarations do not import `ws`, whose types are a devDependency: a consumer type-checking
 * the mock without `@types/ws` would fail on them (the release dry run checks exactly that).
 */
export interface ServerSocket {
  readonly readyState: number;
  readonly OPEN: number;
  /** Text frames, and binary ones for the malformed-frame faults. */
  send(data: string | Uint8Array): void;
  terminate(): void;
  close(code?: number, reason?: string): void;
}
