export declare const LAUNCH_ARGS: string[];
export declare function servePage(files: {
  page: string;
  bundle: string;
}): Promise<{ origin: string; close: () => Promise<void> }>;
